// A small map with the signal's point. Without tiles it still shows the marker's position.
(function () {
  "use strict";
  var element = document.getElementById("signal-map");
  if (!element || typeof L === "undefined") { if (element) { element.hidden = true; } return; }
  var point = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)];
  var map = L.map(element, { scrollWheelZoom: false }).setView(point, 17);
  if (element.dataset.tiles) { L.tileLayer(element.dataset.tiles, { maxZoom: 19 }).addTo(map); }
  L.circleMarker(point, { radius: 9, color: "#b00020", weight: 3 }).addTo(map);
  element.setAttribute("data-ready", "true");
})();
