// Draws the wijk and its buurten on a Leaflet map. Works without tiles: the boundaries alone
// are drawn, and the table under the map lists the buurten in any case.
(function () {
  "use strict";
  var element = document.getElementById("team-map");
  var source = document.getElementById("team-map-data");
  if (!element || !source || typeof L === "undefined") {
    if (element) { element.hidden = true; }
    return;
  }
  var data = JSON.parse(source.textContent);
  var map = L.map(element, { scrollWheelZoom: false });
  if (data.tiles.url) {
    var tiles = L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution, maxZoom: 19 });
    var failures = 0;
    tiles.on("tileerror", function () {
      failures += 1;
      if (failures === 4) {
        element.setAttribute("data-tiles", "unavailable");
        var note = document.createElement("p");
        note.className = "map__note";
        note.textContent = element.getAttribute("data-no-tiles");
        element.parentNode.insertBefore(note, element.nextSibling);
      }
    });
    tiles.addTo(map);
  } else {
    element.setAttribute("data-tiles", "off");
  }
  var bounds = null;
  if (data.district.geometry) {
    var outline = L.geoJSON(data.district.geometry, {
      style: { color: "#154273", weight: 3, fill: false }
    }).addTo(map);
    bounds = outline.getBounds();
  }
  data.neighbourhoods.forEach(function (n) {
    var layer = L.geoJSON(n.geometry, {
      style: { color: "#01689b", weight: 1.5, fillColor: "#8fcae7", fillOpacity: 0.25 }
    }).addTo(map);
    // Permanent labels: hover tooltips do not work on a phone, and without tiles the names are
    // the only way to tell the buurten apart.
    layer.bindTooltip(n.name, { permanent: true, direction: "center", className: "map__label" });
    bounds = bounds ? bounds.extend(layer.getBounds()) : layer.getBounds();
  });
  if (bounds && bounds.isValid()) {
    map.fitBounds(bounds, { padding: [12, 12] });
  } else {
    map.setView([52.025, 5.555], 13);
  }
  element.setAttribute("data-ready", "true");
})();
