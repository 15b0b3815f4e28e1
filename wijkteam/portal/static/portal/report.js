// Progressive enhancement of the report form: a map to point at the place (areas/area-map.js:
// the buurten with their names, so it is usable without tiles), and "use my location". Without
// JavaScript the form works with postcode + house number or a street.
(function () {
  "use strict";
  var picker = document.querySelector(".map-picker");
  var mapElement = document.getElementById("report-map");
  var source = document.getElementById("report-map-data");
  var latitude = document.getElementById("id_latitude");
  var longitude = document.getElementById("id_longitude");
  var status = document.getElementById("map-status");
  if (!picker || !mapElement || !source || !latitude || !longitude) { return; }
  picker.hidden = false;

  var messages = {
    nl: { placed: "Plek aangewezen.", locating: "Uw locatie wordt bepaald…", denied: "Uw locatie is niet beschikbaar. Wijs de plek aan op de kaart of vul een adres in." },
    en: { placed: "Place marked.", locating: "Finding your location…", denied: "Your location is not available. Point at the place on the map or enter an address." }
  }[document.documentElement.lang === "en" ? "en" : "nl"];

  var areaMap = null;
  if (typeof WijkteamMap !== "undefined") {
    areaMap = WijkteamMap.create(mapElement, JSON.parse(source.textContent), {
      // A click keeps the view: the resident sees the buurt they pointed in.
      onPick: function (lat, lng) { place(lat, lng, false); }
    });
  } else {
    mapElement.hidden = true;
  }

  // Says which buurt the place is in, or that it lies outside the gemeente's buurten. A place
  // from the phone's location, or from the form sent back, is brought into view.
  function place(lat, lng, show) {
    latitude.value = lat.toFixed(7);
    longitude.value = lng.toFixed(7);
    if (!areaMap) {
      status.textContent = messages.placed;
      return;
    }
    status.textContent = areaMap.placedText(areaMap.mark(lat, lng), false);
    if (show) { areaMap.map.setView([lat, lng], Math.max(areaMap.map.getZoom(), 16)); }
  }
  if (latitude.value && longitude.value) { place(parseFloat(latitude.value), parseFloat(longitude.value), true); }

  var button = document.getElementById("use-my-location");
  if (!navigator.geolocation) { button.hidden = true; return; }
  button.addEventListener("click", function () {
    status.textContent = messages.locating;
    navigator.geolocation.getCurrentPosition(
      function (position) { place(position.coords.latitude, position.coords.longitude, true); },
      function () { status.textContent = messages.denied; },
      { enableHighAccuracy: true, timeout: 15000 }
    );
  });
})();
