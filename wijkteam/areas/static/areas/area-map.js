// The one map of the product: the gemeente's wijken and buurten drawn from our own area data
// (areas/map.py), with the buurt names as labels, so that every map is usable without tiles
// and without internet. Tiles are drawn under the boundaries when they load; when they fail,
// a note under the map says so. Pages build on it with WijkteamMap.create(element, data,
// options); it needs Leaflet, and pages without Leaflet or JavaScript work without a map.
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }

  var TEXT = document.documentElement.lang === "en"
    ? { placed: "Place marked in ", outside: "Place marked outside the known buurten: choose a place within the gemeente.", cleared: "Place removed.", current: "Current place" }
    : { placed: "Plek aangewezen in ", outside: "Plek aangewezen buiten de bekende buurten: kies een plek in de gemeente.", cleared: "Plek gewist.", current: "Huidige plek" };
  var GEMEENTE = [52.025, 5.555];
  var WIJK_STYLE = { color: "#154273", weight: 3, fill: false, className: "map__wijk" };
  var BUURT_STYLE = { color: "#01689b", weight: 1.5, fillColor: "#8fcae7", fillOpacity: 0.2, className: "map__buurt" };

  // Ray casting over a GeoJSON ring of [lon, lat] pairs.
  function inRing(lon, lat, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > lat) !== (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  }
  function inGeometry(lon, lat, geometry) {
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    return polygons.some(function (rings) {
      if (!inRing(lon, lat, rings[0])) { return false; }
      for (var k = 1; k < rings.length; k++) { if (inRing(lon, lat, rings[k])) { return false; } }
      return true;
    });
  }

  // Tiles under the boundaries. After a few failed tiles the map says the background is
  // unavailable (the element's data-no-tiles text) and marks itself data-tiles="unavailable".
  function addTiles(map, element, tiles) {
    if (!tiles || !tiles.url) {
      element.setAttribute("data-tiles", "off");
      return;
    }
    var layer = L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 19 });
    var failures = 0;
    layer.on("tileerror", function () {
      failures += 1;
      if (failures === 4 && element.getAttribute("data-no-tiles")) {
        element.setAttribute("data-tiles", "unavailable");
        var note = document.createElement("p");
        note.className = "map__note";
        note.textContent = element.getAttribute("data-no-tiles");
        element.parentNode.insertBefore(note, element.nextSibling);
      }
    });
    layer.addTo(map);
  }

  // Labels that would cover one another are hidden, the larger buurten' first to stay: on a
  // phone the whole gemeente has no room for every name, and names on top of each other are
  // unreadable. Zooming in brings the others back.
  function declutter(labels) {
    var shown = [];
    labels.forEach(function (label) {
      var tooltip = label.getTooltip();
      var node = tooltip && tooltip.getElement();
      if (!node) { return; }
      node.classList.remove("map__label--hidden");
      var box = node.getBoundingClientRect();
      var overlaps = shown.some(function (other) {
        return box.left < other.right && other.left < box.right && box.top < other.bottom && other.top < box.bottom;
      });
      if (overlaps) { node.classList.add("map__label--hidden"); } else { shown.push(box); }
    });
  }

  // data: { districts, neighbourhoods (each with code, name, district, geometry), tiles }, as
  // areas_map_data() gives them. options: onPick(lat, lon) for a click on the map, and view:
  // "areas" (the default: every boundary drawn), [lat, lon, zoom], or { buurt: code, point:
  // [lat, lon] } for that buurt around the point.
  function create(element, data, options) {
    options = options || {};
    // Fine zoom steps, so that the whole gemeente fills the map rather than a quarter of it.
    var map = L.map(element, { scrollWheelZoom: false, zoomSnap: 0.25 });
    addTiles(map, element, data.tiles);

    var bounds = L.latLngBounds([]);
    (data.districts || []).forEach(function (d) {
      var layer = L.geoJSON(d.geometry, { style: WIJK_STYLE, interactive: false }).addTo(map);
      bounds.extend(layer.getBounds());
    });
    var buurten = (data.neighbourhoods || []).map(function (n) {
      // Not interactive: a click on a buurt must reach the map.
      var layer = L.geoJSON(n.geometry, { style: BUURT_STYLE, interactive: false }).addTo(map);
      // Permanent labels: hover does not work on a phone, and without tiles the names are the
      // only way to tell the buurten apart.
      layer.bindTooltip(n.name, { permanent: true, direction: "center", className: "map__label" });
      bounds.extend(layer.getBounds());
      return { area: n, layer: layer };
    });
    var bySize = buurten.map(function (b) { return b.layer; }).sort(function (a, b) {
      function size(layer) { var box = layer.getBounds(); return (box.getNorth() - box.getSouth()) * (box.getEast() - box.getWest()); }
      return size(b) - size(a);
    });
    map.on("zoomend resize", function () { declutter(bySize); });

    // The point above the labels, so that a label never hides where the resident pointed.
    map.createPane("wijkteam-point").style.zIndex = 660;
    var marker = null;

    var handle = {
      map: map,
      text: TEXT,
      // The buurt (as in data.neighbourhoods) containing the point, or null.
      buurtAt: function (lat, lon) {
        for (var i = 0; i < buurten.length; i++) {
          if (inGeometry(lon, lat, buurten[i].area.geometry)) { return buurten[i].area; }
        }
        return null;
      },
      layerOf: function (code) {
        for (var i = 0; i < buurten.length; i++) {
          if (buurten[i].area.code === code) { return buurten[i].layer; }
        }
        return null;
      },
      // A drawn circle, not Leaflet's marker image: it needs no image file. Marks the element
      // data-placed with the buurt's code (or "outside") and returns the buurt.
      mark: function (lat, lon) {
        if (marker) {
          marker.setLatLng([lat, lon]);
        } else {
          marker = L.circleMarker([lat, lon], { pane: "wijkteam-point", radius: 9, color: "#b00020", weight: 3, fillOpacity: 0.5, interactive: false }).addTo(map);
        }
        var buurt = handle.buurtAt(lat, lon);
        element.setAttribute("data-placed", buurt ? buurt.code : "outside");
        return buurt;
      },
      unmark: function () {
        if (marker) { map.removeLayer(marker); marker = null; }
        element.removeAttribute("data-placed");
      },
      // "Plek aangewezen in Engelenburg." (with the wijk: "... in Engelenburg (Wijk 02
      // Zuidoost).") or that the place lies outside the known buurten.
      placedText: function (buurt, withDistrict) {
        if (!buurt) { return TEXT.outside; }
        return TEXT.placed + buurt.name + (withDistrict ? " (" + buurt.district + ")." : ".");
      }
    };

    var view = options.view;
    var focus = view && view.buurt ? handle.layerOf(view.buurt) : null;
    if (focus) {
      map.fitBounds(focus.getBounds().extend(view.point), { padding: [12, 12], maxZoom: 17 });
    } else if (view && view.point) {
      map.setView(view.point, 16);
    } else if (Array.isArray(view)) {
      map.setView([view[0], view[1]], view[2]);
    } else if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [4, 4] });
    } else {
      map.setView(GEMEENTE, 13);
    }
    declutter(bySize);
    if (options.onPick) {
      map.on("click", function (event) { options.onPick(event.latlng.lat, event.latlng.lng); });
    }
    element.setAttribute("data-ready", "true");
    return handle;
  }

  window.WijkteamMap = { create: create, text: TEXT };
})();
