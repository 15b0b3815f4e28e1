// On the wijkbeheerder's phone: ask for the GPS position straight away, and on request again.
(function () {
  "use strict";
  var button = document.getElementById("use-my-location");
  var status = document.getElementById("map-status");
  var latitude = document.getElementById("id_latitude");
  var longitude = document.getElementById("id_longitude");
  if (!button || !navigator.geolocation) { return; }
  button.parentNode.hidden = false;
  var english = document.documentElement.lang === "en";
  function locate() {
    status.textContent = english ? "Finding your location…" : "Locatie bepalen…";
    navigator.geolocation.getCurrentPosition(function (position) {
      latitude.value = position.coords.latitude.toFixed(7);
      longitude.value = position.coords.longitude.toFixed(7);
      status.textContent = (english ? "Location found (±" : "Locatie bepaald (±") + Math.round(position.coords.accuracy) + " m)";
    }, function () {
      status.textContent = english ? "Location unavailable: enter an address." : "Locatie niet beschikbaar: vul een adres in.";
    }, { enableHighAccuracy: true, timeout: 15000 });
  }
  button.addEventListener("click", locate);
  if (!latitude.value) { locate(); }
})();
