// Initiatives on a map (areas/area-map.js: the wijk's buurten with their names, so that it is
// usable without tiles): one initiative's place, or every initiative of a wijk, each a circle
// that links to its page. Without JavaScript the pages say the place in words and list the
// initiatives, and the map stays hidden.
(function () {
  "use strict";
  var element = document.getElementById("initiative-map");
  var source = document.getElementById("initiative-map-data");
  if (!element || !source || typeof WijkteamMap === "undefined" || typeof L === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var points = data.points || [];
  element.hidden = false;
  var wrapper = element.closest(".js-only");
  if (wrapper) { wrapper.hidden = false; }
  // One initiative's own place: its buurt around it. A wijk's map, even with one initiative on
  // it: the whole wijk, so that one sees where in the wijk it is.
  var single = points.length === 1 && !points[0].reference;
  var view = single ? { buurt: data.buurt, point: points[0].point } : "areas";
  var areaMap = WijkteamMap.create(element, data, { view: view });
  if (single) {
    areaMap.mark(points[0].point[0], points[0].point[1]);
    return;
  }
  var bounds = L.latLngBounds([]);
  points.forEach(function (item) {
    var circle = L.circleMarker(item.point, { pane: "wijkteam-point", radius: 9, color: "#b00020", weight: 3, fillOpacity: 0.5 }).addTo(areaMap.map);
    var link = document.createElement("a");
    link.href = item.url;
    link.textContent = item.title;
    var box = document.createElement("div");
    box.appendChild(link);
    var stage = document.createElement("div");
    stage.textContent = item.stage;
    box.appendChild(stage);
    circle.bindPopup(box);
    bounds.extend(item.point);
  });
  if (points.length > 1 && bounds.isValid()) { areaMap.map.fitBounds(bounds.pad(0.2), { maxZoom: 16 }); }
})();
