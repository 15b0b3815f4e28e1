// The location correction page's map: the gemeente's wijken and buurten drawn from our own
// area data (so it works without tiles and without internet), and a click to place the point.
// Without JavaScript the page works with an address only.
(function () {
  "use strict";
  var picker = document.querySelector(".map-picker");
  var element = document.getElementById("location-map");
  var source = document.getElementById("location-map-data");
  var latitude = document.getElementById("id_latitude");
  var longitude = document.getElementById("id_longitude");
  var status = document.getElementById("map-status");
  var clear = document.getElementById("clear-point");
  if (!picker || !element || !source || !latitude || !longitude || typeof L === "undefined") { return; }
  picker.hidden = false;
  var data = JSON.parse(source.textContent);
  var english = document.documentElement.lang === "en";
  var text = english
    ? { placed: "Place marked in ", outside: "Place marked outside the known buurten: choose a place within the gemeente.", cleared: "Place removed.", current: "Current place" }
    : { placed: "Plek aangewezen in ", outside: "Plek aangewezen buiten de bekende buurten: kies een plek in de gemeente.", cleared: "Plek gewist.", current: "Huidige plek" };

  // Fine zoom steps, so that the whole gemeente fills the map rather than a quarter of it.
  var map = L.map(element, { scrollWheelZoom: false, zoomSnap: 0.25 });
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
  data.districts.forEach(function (d) {
    var layer = L.geoJSON(d.geometry, { style: { color: "#154273", weight: 3, fill: false }, interactive: false }).addTo(map);
    bounds = bounds ? bounds.extend(layer.getBounds()) : layer.getBounds();
  });
  data.neighbourhoods.forEach(function (n) {
    // Not interactive: a click on a buurt must reach the map, which places the point.
    var layer = L.geoJSON(n.geometry, {
      style: { color: "#01689b", weight: 1.5, fillColor: "#8fcae7", fillOpacity: 0.2 },
      interactive: false
    }).addTo(map);
    layer.bindTooltip(n.name, { permanent: true, direction: "center", className: "map__label" });
    bounds = bounds ? bounds.extend(layer.getBounds()) : layer.getBounds();
  });
  if (data.current) {
    L.circleMarker(data.current, { radius: 7, color: "#535353", weight: 2, dashArray: "3" })
      .bindTooltip(text.current).addTo(map);
  }
  if (data.current) {
    map.setView(data.current, 15);
  } else if (bounds && bounds.isValid()) {
    map.fitBounds(bounds, { padding: [4, 4] });
  } else {
    map.setView([52.025, 5.555], 13);
  }

  // Ray casting over a GeoJSON ring of [lon, lat] pairs.
  function inRing(lon, lat, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > lat) !== (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  }
  function inPolygon(lon, lat, rings) {
    if (!inRing(lon, lat, rings[0])) { return false; }
    for (var k = 1; k < rings.length; k++) { if (inRing(lon, lat, rings[k])) { return false; } }
    return true;
  }
  function buurtAt(lat, lon) {
    for (var i = 0; i < data.neighbourhoods.length; i++) {
      var g = data.neighbourhoods[i].geometry;
      var polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
      for (var p = 0; p < polygons.length; p++) {
        if (inPolygon(lon, lat, polygons[p])) { return data.neighbourhoods[i]; }
      }
    }
    return null;
  }

  var marker = null;
  function place(lat, lng) {
    latitude.value = lat.toFixed(7);
    longitude.value = lng.toFixed(7);
    // A drawn circle, not Leaflet's marker image: it shows on top of the labels and needs no
    // image file.
    if (marker) {
      marker.setLatLng([lat, lng]);
    } else {
      marker = L.circleMarker([lat, lng], { radius: 9, color: "#b00020", weight: 3, fillOpacity: 0.5, interactive: false }).addTo(map);
    }
    var buurt = buurtAt(lat, lng);
    status.textContent = buurt ? text.placed + buurt.name + " (" + buurt.district + ")." : text.outside;
    element.setAttribute("data-placed", buurt ? buurt.code : "outside");
    showClear(true);
  }
  // The button's own display style would override the hidden attribute.
  function showClear(shown) { clear.hidden = !shown; clear.style.display = shown ? "" : "none"; }
  showClear(false);
  map.on("click", function (event) { place(event.latlng.lat, event.latlng.lng); });
  clear.addEventListener("click", function () {
    latitude.value = "";
    longitude.value = "";
    if (marker) { map.removeLayer(marker); marker = null; }
    status.textContent = text.cleared;
    element.removeAttribute("data-placed");
    showClear(false);
  });
  // Back after a mistake: the point given before is still in the form.
  if (latitude.value && longitude.value) { place(parseFloat(latitude.value), parseFloat(longitude.value)); }
  element.setAttribute("data-ready", "true");
})();
