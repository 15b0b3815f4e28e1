// The Voordeur's search as the resident types: the page's form works without this script (it
// sends the words and the server shows the results); with it, the results below the box are
// asked from the server's results page a moment after the resident stops typing, and replaced.
(function () {
  "use strict";
  var form = document.querySelector("[data-voordeur-search]");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=q]");
  var target = document.getElementById(form.getAttribute("data-results-target"));
  var url = form.getAttribute("data-results-url");
  var timer = null;
  var asked = 0;

  function show(query) {
    var number = ++asked;
    if (query.length < 2) {
      target.innerHTML = "";
      return;
    }
    fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        // Only the answer to the latest words: an older one may arrive later.
        if (html !== null && number === asked) target.innerHTML = html;
      })
      .catch(function () { /* the form still works: Enter shows the results page */ });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { show(input.value.trim()); }, 250);
  });
})();
