// Progressive enhancement of the report form: a map to point at the place, and "use my
// location". Without JavaScript the form works with postcode + house number or a street.
(function () {
  "use strict";
  var picker = document.querySelector(".map-picker");
  var mapElement = document.getElementById("report-map");
  var latitude = document.getElementById("id_latitude");
  var longitude = document.getElementById("id_longitude");
  var status = document.getElementById("map-status");
  var config = JSON.parse(document.getElementById("report-map-config").textContent);
  if (!picker || !mapElement || !latitude || !longitude) { return; }
  picker.hidden = false;

  var messages = {
    nl: { placed: "Plek aangewezen.", locating: "Uw locatie wordt bepaald…", denied: "Uw locatie is niet beschikbaar. Wijs de plek aan op de kaart of vul een adres in." },
    en: { placed: "Place marked.", locating: "Finding your location…", denied: "Your location is not available. Point at the place on the map or enter an address." }
  }[document.documentElement.lang === "en" ? "en" : "nl"];

  var marker = null;
  var map = null;
  if (typeof L !== "undefined") {
    map = L.map(mapElement, { scrollWheelZoom: false }).setView([52.025, 5.555], 13);
    if (config.tiles) {
      L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    }
    map.on("click", function (event) { place(event.latlng.lat, event.latlng.lng); });
  } else {
    mapElement.hidden = true;
  }

  function place(lat, lng) {
    latitude.value = lat.toFixed(7);
    longitude.value = lng.toFixed(7);
    if (map) {
      if (marker) { marker.setLatLng([lat, lng]); } else { marker = L.marker([lat, lng]).addTo(map); }
      map.setView([lat, lng], Math.max(map.getZoom(), 16));
    }
    status.textContent = messages.placed;
  }
  if (latitude.value && longitude.value) { place(parseFloat(latitude.value), parseFloat(longitude.value)); }

  var button = document.getElementById("use-my-location");
  if (!navigator.geolocation) { button.hidden = true; return; }
  button.addEventListener("click", function () {
    status.textContent = messages.locating;
    navigator.geolocation.getCurrentPosition(
      function (position) { place(position.coords.latitude, position.coords.longitude); },
      function () { status.textContent = messages.denied; },
      { enableHighAccuracy: true, timeout: 15000 }
    );
  });
})();
