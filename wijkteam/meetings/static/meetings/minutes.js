/* The chair's minutes, saved while typing. Every change is kept in this browser first
   (localStorage, per item), then sent after a short pause; a failed save keeps the text here
   and tries again, also when the connection comes back. On opening the page a draft that is
   newer than the server's text is put back, and the chair is told. Without JavaScript each
   item's "Notulen opslaan" button does the same by a normal form post. */
(function () {
  "use strict";
  var agenda = document.getElementById("agenda");
  if (!agenda || !window.fetch) { return; }
  var texts = agenda.dataset;
  var PAUSE = 1200;
  var RETRY = 5000;

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function setup(form) {
    var area = form.querySelector("textarea");
    var status = form.querySelector(".minutes__status");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!area || !status || !token) { return; }
    var key = "wijkteam-notulen-" + form.dataset.item;
    var store = storage();
    var serverAt = form.dataset.savedAt ? Date.parse(form.dataset.savedAt) : 0;
    var timer = null;
    var busy = false;
    var again = false;

    function say(message, problem) {
      status.textContent = message;
      status.classList.toggle("minutes__status--problem", !!problem);
    }

    function keep() {
      if (store) {
        try { store.setItem(key, JSON.stringify({ text: area.value, at: Date.now() })); } catch (e) { /* full: the server copy still counts */ }
      }
    }

    function draft() {
      if (!store) { return null; }
      try { return JSON.parse(store.getItem(key) || "null"); } catch (e) { return null; }
    }

    function save() {
      clearTimeout(timer);
      if (busy) { again = true; return; }
      busy = true;
      var sent = area.value;
      var body = new FormData();
      body.append("csrfmiddlewaretoken", token.value);
      body.append("minutes", sent);
      say(texts.saving, false);
      fetch(form.dataset.autosave, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token.value, "Accept": "application/json" }
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (answer) {
          return { ok: response.ok, status: response.status, answer: answer };
        });
      }).then(function (result) {
        busy = false;
        if (result.ok) {
          serverAt = Date.parse(result.answer.saved_at) || Date.now();
          var kept = draft();
          if (area.value === sent && kept && kept.text === sent && store) { store.removeItem(key); }
          say(result.answer.message, false);
        } else if (result.status >= 500 || !result.answer.error) {
          say(texts.offline, true);
          timer = setTimeout(save, RETRY);
          return;
        } else {
          // Refused (the meeting closed, no longer the chair): the text stays in this browser.
          say(result.answer.error, true);
          return;
        }
        if (again || area.value !== sent) { again = false; timer = setTimeout(save, PAUSE); }
      }, function () {
        busy = false;
        say(texts.offline, true);
        timer = setTimeout(save, RETRY);
      });
    }

    area.addEventListener("input", function () {
      keep();
      say(texts.unsaved, false);
      clearTimeout(timer);
      timer = setTimeout(save, PAUSE);
    });
    window.addEventListener("online", function () {
      var kept = draft();
      if (kept && kept.text === area.value) { save(); }
    });

    var kept = draft();
    if (kept && typeof kept.text === "string") {
      if (kept.text === area.value) {
        store.removeItem(key);
      } else if (kept.at > serverAt) {
        area.value = kept.text;
        say(texts.restored, true);
        timer = setTimeout(save, PAUSE);
      } else {
        store.removeItem(key);
      }
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.minutes[data-autosave]"), setup);
})();
