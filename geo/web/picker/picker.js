/* The place picker: the draft's places on an offline Leaflet map; a click sends its [lat, lon] to Python.
 *
 * Rendered by Streamlit (component protocol v1). Messages are taken from our own parent only
 * (event.source === window.parent), and every name is put in as a text node, never as HTML.
 * Args: places [{id, name, lat, lon, rows, used}], selected (a place id), target (the row a click
 * places, as text; "" for none), ack (the last click Python has applied), basemap (GeoJSON text),
 * credit (text), height (px). Value: {lat, lon, seq}, seq counting clicks past ack.
 */
(function () {
  "use strict";
  var STYLE = {
    country: { fillColor: "#f3efe6", color: "#8c8c8c", weight: 1, fillOpacity: 1, interactive: false },
    lake: { fillColor: "#bcd7ea", color: "#7fa7c0", weight: 0.8, fillOpacity: 1, interactive: false },
    river: { color: "#7fa7c0", weight: 1, fill: false, interactive: false }
  };
  var state = { basemapText: null, placesKey: null, seq: 0, target: "", height: 0, sentHeight: 0,
                bounds: [], moved: false, fitting: false };
  var hint = document.getElementById("hint"), credit = document.getElementById("credit");
  var box = document.getElementById("map");

  function send(type, data) {
    if (window.parent === window) return;
    window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, data || {}), "*");
  }

  // No fade: a redrawn label replaces the old one at once (a fading one would linger for 200 ms).
  var map = L.map(box, { worldCopyJump: true, attributionControl: false, zoomSnap: 0.5, minZoom: 1, maxZoom: 14,
                         fadeAnimation: false, gestureHandling: true })
    .setView([30, 20], 2);
  var basemap = L.geoJSON(null, { style: function (f) { return STYLE[(f.properties || {}).layer] || STYLE.country; } }).addTo(map);
  var placesLayer = L.layerGroup().addTo(map);
  var pending = L.layerGroup().addTo(map);

  function label(text) {
    var span = document.createElement("span");
    span.textContent = text;  // a text node: a name is never markup
    return span;
  }

  function setHint() {
    hint.textContent = state.target
      ? "Click the map to put the place of " + state.target + " there."
      : "Choose a row to place, then click the map.";
  }

  function drawPlaces(places, selected) {
    placesLayer.clearLayers();
    var bounds = [];
    places.forEach(function (p) {
      if (!p || typeof p !== "object" || typeof p.lat !== "number" || typeof p.lon !== "number") return;
      var isSelected = p.id === selected;
      var marker = L.circleMarker([p.lat, p.lon], {
        radius: isSelected ? 9 : 6, color: "#111", weight: 2, fillOpacity: 1,
        fillColor: isSelected ? "#ffbf47" : (p.used ? "#23395d" : "#ffffff"),
        rank: isSelected ? 0 : (p.used ? 1 : 2)  // whose label stays when two would meet
      }).addTo(placesLayer);
      var text = String(p.name || p.id || "") + (p.rows ? " (row " + String(p.rows) + ")" : "");
      var cls = "picker-label" + (isSelected ? " selected" : "") + (p.used ? "" : " unused");
      marker.bindTooltip(label(text), { permanent: true, direction: "right", offset: [8, 0], className: cls });
      marker.on("click", function (e) { L.DomEvent.stopPropagation(e); placeAt(e.latlng); });
      marker.on("mouseover", function () {  // a label hidden to spare another shows while its dot is pointed at
        var el = marker.getTooltip() && marker.getTooltip().getElement();
        if (el) { el.style.visibility = ""; el.style.zIndex = 1000; }
      });
      marker.on("mouseout", declutter);
      bounds.push([p.lat, p.lon]);
    });
    return bounds;
  }

  // Labels never cover each other: in rank order (the row being placed, places in use, the rest), a label that
  // would meet one already shown, or stand past the map's edge, is hidden (its dot stays, and names it on hover).
  function declutter() {
    var items = [], frame = box.getBoundingClientRect(), shown = [], dots = [];
    placesLayer.eachLayer(function (m) {
      var el = m.getTooltip && m.getTooltip() && m.getTooltip().getElement();
      var dot = m.getElement && m.getElement();
      if (dot) dots.push({ marker: m, rect: dot.getBoundingClientRect() });
      if (el) items.push({ el: el, marker: m, rank: m.options.rank || 0 });
    });
    items.sort(function (a, b) { return a.rank - b.rank; });
    function hits(r, o) { return r.left < o.right && o.left < r.right && r.top < o.bottom && o.top < r.bottom; }
    items.forEach(function (item) {
      item.el.style.visibility = "";
      item.el.style.zIndex = "";
      var r = item.el.getBoundingClientRect();
      var meets = shown.some(function (o) { return hits(r, o); }) ||
        dots.some(function (d) { return d.marker !== item.marker && hits(r, d.rect); });  // nor covers a dot
      var out = r.left < frame.left || r.right > frame.right || r.top < frame.top || r.bottom > frame.bottom;
      if (meets || (out && item.rank > 0)) item.el.style.visibility = "hidden";
      else shown.push(r);
    });
  }

  // The view that shows every place, until the person moves the map; kept on a resize (a phone turned).
  function fit() {
    if (!state.bounds.length) return;
    state.fitting = true;
    if (state.bounds.length === 1) map.setView(state.bounds[0], 8, { animate: false });
    else map.fitBounds(state.bounds, { padding: [40, 40], maxZoom: 9, animate: false });
    state.fitting = false;
  }
  map.on("movestart zoomstart", function () { if (!state.fitting) state.moved = true; });
  map.on("moveend zoomend", declutter);
  window.addEventListener("resize", function () { map.invalidateSize(); if (!state.moved) fit(); declutter(); });

  function placeAt(latlng) {
    if (!state.target) return;
    var p = latlng.wrap();
    state.seq += 1;
    pending.clearLayers();
    L.circleMarker([p.lat, p.lng], { radius: 9, color: "#b00020", weight: 3, fill: false }).addTo(pending);
    hint.textContent = "Putting the place of " + state.target + " at " + p.lat.toFixed(4) + ", " + p.lng.toFixed(4) + "…";
    send("streamlit:setComponentValue", { value: { lat: p.lat, lon: p.lng, seq: state.seq }, dataType: "json" });
  }

  map.on("click", function (e) { placeAt(e.latlng); });

  function onArgs(args) {
    if (typeof args.basemap === "string" && args.basemap !== state.basemapText) {
      var data = null;
      try { data = JSON.parse(args.basemap); } catch (e) { data = null; }
      state.basemapText = args.basemap;
      basemap.clearLayers();
      if (data && typeof data === "object" && Array.isArray(data.features)) basemap.addData(data);
    }
    credit.textContent = typeof args.credit === "string" ? args.credit : "";
    state.target = typeof args.target === "string" ? args.target : "";
    if (typeof args.ack === "number" && args.ack > state.seq) state.seq = args.ack;  // a reloaded frame counts on
    var places = Array.isArray(args.places) ? args.places : [];
    var selected = typeof args.selected === "string" ? args.selected : "";
    pending.clearLayers();
    // the map's own size first: a view fitted to a box of the wrong size leaves places outside it
    var height = typeof args.height === "number" && args.height > 100 ? args.height : 420;
    if (height !== state.height) { state.height = height; box.style.height = height + "px"; }
    map.invalidateSize();
    var bounds = drawPlaces(places, selected);
    var key = JSON.stringify(places.map(function (p) { return p && [p.lat, p.lon]; }));
    if (key !== state.placesKey) {  // new places: show them all; otherwise the view stays where the person left it
      state.placesKey = key;
      state.bounds = bounds;
      state.moved = false;
      fit();
    }
    declutter();
    setHint();
    var total = document.body.scrollHeight;
    if (total !== state.sentHeight) { state.sentHeight = total; send("streamlit:setFrameHeight", { height: total }); }
  }

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || window.parent === window) return;  // only our own page renders us
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== "streamlit:render") return;
    if (data.args && typeof data.args === "object") onArgs(data.args);
  });
  setHint();
  send("streamlit:componentReady", { apiVersion: 1 });
})();
