// Keeps the import's progress bar current and shows the report when the worker is done.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box || !window.fetch) { return; }
  var status = box.dataset.status;
  if (status !== "queued" && status !== "running") { return; }
  var bar = box.querySelector("progress");
  var text = document.getElementById("import-status");
  var english = document.documentElement.lang === "en";
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        bar.value = data.percent;
        text.textContent = data.processed + (english ? " of " : " van ") + data.total + (english ? " rows processed" : " regels verwerkt");
        if (data.status === "done" || data.status === "failed") { window.location.reload(); }
        else { window.setTimeout(poll, 1500); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
