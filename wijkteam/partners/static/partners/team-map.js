// The wijk and its buurten with their names (areas/area-map.js). Works without tiles: the
// boundaries and names are drawn, and the table under the map lists the buurten in any case.
(function () {
  "use strict";
  var element = document.getElementById("team-map");
  var source = document.getElementById("team-map-data");
  if (!element || !source || typeof WijkteamMap === "undefined") {
    if (element) { element.hidden = true; }
    return;
  }
  WijkteamMap.create(element, JSON.parse(source.textContent));
})();
