/* The follow page refreshes itself: every ten seconds it fetches the meeting's current state
   and, only when something changed, puts it in place, keeping the reader's scroll position
   and focus. Without JavaScript the "Vernieuwen" link reloads the page. */
(function () {
  "use strict";
  var bar = document.getElementById("follow-refresh");
  var status = document.getElementById("follow-status");
  if (!bar || !status || !window.fetch || !window.DOMParser) { return; }
  var EVERY = 10000;

  function clock() {
    var now = new Date();
    return ("0" + now.getHours()).slice(-2) + ":" + ("0" + now.getMinutes()).slice(-2);
  }

  function refresh() {
    if (document.hidden) { return schedule(); }
    fetch(bar.dataset.src, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("follow-state");
        var current = document.getElementById("follow-state");
        if (fresh && current && fresh.dataset.version !== current.dataset.version) {
          var focused = document.activeElement && current.contains(document.activeElement) ? document.activeElement.id : "";
          var x = window.scrollX, y = window.scrollY;
          current.replaceWith(document.importNode(fresh, true));
          window.scrollTo(x, y);
          if (focused && document.getElementById(focused)) { document.getElementById(focused).focus(); }
          status.textContent = bar.dataset.updated + " " + clock();
        }
      })
      .catch(function () { status.textContent = bar.dataset.offline; })
      .then(schedule);
  }

  function schedule() { setTimeout(refresh, EVERY); }
  schedule();
})();
