// A small map with the signal's point among the buurten (areas/area-map.js), so that it shows
// where the place is without tiles too: the point's buurt fills the map, with its name.
(function () {
  "use strict";
  var element = document.getElementById("signal-map");
  var source = document.getElementById("signal-map-data");
  if (!element || !source || typeof WijkteamMap === "undefined") { if (element) { element.hidden = true; } return; }
  var data = JSON.parse(source.textContent);
  var areaMap = WijkteamMap.create(element, data, { view: { buurt: data.buurt, point: data.point } });
  areaMap.mark(data.point[0], data.point[1]);
})();
