// Choosing another outcome fills in its template text, unless the lead already changed the
// text: what someone typed is never replaced.
(function () {
  "use strict";
  const form = document.getElementById("resolve-form");
  const source = document.getElementById("closure-texts");
  if (!form || !source) return;
  const texts = JSON.parse(source.textContent);
  const message = form.querySelector("textarea[name=message]");
  if (!message) return;
  const untouched = () => Object.values(texts).includes(message.value.trim()) || !message.value.trim();
  form.querySelectorAll("input[name=outcome]").forEach((radio) => {
    radio.addEventListener("change", () => {
      if (radio.checked && texts[radio.value] !== undefined && untouched()) {
        message.value = texts[radio.value];
      }
    });
  });
})();
