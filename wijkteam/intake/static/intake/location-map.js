// The location correction page's map (areas/area-map.js): the gemeente's wijken and buurten,
// usable without tiles, and a click to place the point. Without JavaScript the page works with
// an address only.
(function () {
  "use strict";
  var picker = document.querySelector(".map-picker");
  var element = document.getElementById("location-map");
  var source = document.getElementById("location-map-data");
  var latitude = document.getElementById("id_latitude");
  var longitude = document.getElementById("id_longitude");
  var status = document.getElementById("map-status");
  var clear = document.getElementById("clear-point");
  if (!picker || !element || !source || !latitude || !longitude || typeof WijkteamMap === "undefined") { return; }
  picker.hidden = false;
  var data = JSON.parse(source.textContent);
  var areaMap = WijkteamMap.create(element, data, {
    view: data.current ? [data.current[0], data.current[1], 15] : "areas",
    onPick: place
  });
  if (data.current) {
    L.circleMarker(data.current, { radius: 7, color: "#535353", weight: 2, dashArray: "3" })
      .bindTooltip(areaMap.text.current).addTo(areaMap.map);
  }

  function place(lat, lng) {
    latitude.value = lat.toFixed(7);
    longitude.value = lng.toFixed(7);
    status.textContent = areaMap.placedText(areaMap.mark(lat, lng), true);
    showClear(true);
  }
  // The button's own display style would override the hidden attribute.
  function showClear(shown) { clear.hidden = !shown; clear.style.display = shown ? "" : "none"; }
  showClear(false);
  clear.addEventListener("click", function () {
    latitude.value = "";
    longitude.value = "";
    areaMap.unmark();
    status.textContent = areaMap.text.cleared;
    showClear(false);
  });
  // Back after a mistake: the point given before is still in the form.
  if (latitude.value && longitude.value) { place(parseFloat(latitude.value), parseFloat(longitude.value)); }
})();
