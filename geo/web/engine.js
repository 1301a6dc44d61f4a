/* Story map engine: runs inside the map document (geo/mapbuild.py map_shell_html, geo/web/map.html).
 * The document holds no story: the host page hands it one as JSON text (geo/mapbuild.py map_data and
 * the event cards), and the engine draws it with Leaflet, every piece of text as a text node.
 *   StoryMap.attach(map)            called by the document itself, once Leaflet has made the map;
 *   StoryMap.show(mapJson, cardsJson) draw (or redraw) a story without reloading; returns window.storymap:
 *     select(id, {fly, popup, reveal})  highlight a pin; fly to it, open its popup, or just make sure it is in view;
 *     travel(fraction, animate) move the traveller along the route path (0 = start, 1 = end);
 *     home()                    the opening view, fitted to the home places and what is drawn around them;
 * A click on a pin selects it and tells the host page ('storymap:select'); the story keys
 * (arrows, Home, End) pressed inside the map are passed to the host ('storymap:key').
 * The engine listens to no message: only its host, which shares its origin, calls it. */
(function () {
  "use strict";

  var STORY_KEYS = { ArrowLeft: 1, ArrowRight: 1, Home: 1, End: 1, Escape: 1 };
  var LAYER_NAMES = {
    basemap: "Offline basemap (Natural Earth)", tiles: "OpenStreetMap tiles (online)",
    routes: "Routes (context: traced through documented points)", places: "Places", pins: "Events from the article"
  };
  var BASEMAP_STYLE = {
    country: { fillColor: "#f3efe6", color: "#8c8c8c", weight: 1.2, fillOpacity: 1 },
    lake: { fillColor: "#bcd7ea", color: "#7fa7c0", weight: 0.8, fillOpacity: 1 },
    river: { color: "#7fa7c0", weight: 1, fill: false },
    roadCasing: { color: "#b9ae9a", weight: 4.5, opacity: 1, fill: false },
    road: { color: "#ffffff", weight: 2.5, opacity: 1, fill: false },
    border: { color: "#6f6a63", weight: 1.5, dashArray: "7 4", opacity: 0.9, fill: false }
  };
  var LABEL_CLASS = { lake: "lake-label", label: "region-label" };  // any other layer: country-label

  var theMap = null, drawn = [], labels = [], shownCredits = [];

  function tellHost(message) {
    if (window.parent && window.parent !== window) window.parent.postMessage(message, "*");
  }

  function text(tag, className, value) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    el.textContent = String(value);
    el.dir = "auto";
    return el;
  }

  function label(latlon, value, className, edge) {
    var div = text("div", className, value);
    if (edge) div.style.borderLeft = "4px solid " + edge;  // a route's label wears its route's colour
    return L.marker(latlon, {
      icon: L.divIcon({ html: div, iconSize: [0, 0], className: "map-label-icon" }),
      interactive: false, keyboard: false
    });
  }

  function placeCandidates(preferred) {
    // [direction, dx, dy]: beside the dot first (the story's own choice first), then shifted up or down
    // past a pin grid, then above or below.
    var sides = [preferred].concat(["right", "left", "top", "bottom"].filter(function (d) { return d !== preferred; }));
    var out = [];
    sides.forEach(function (d) {
      // Beside the dot: level, then up or down past a pin; then further out (past its own or a neighbour's pin).
      var out_ = d === "left" ? -12 : 12;
      var shifts = d === "right" || d === "left" ? [[0, 0], [0, 16], [0, -16], [0, 30], [0, -30], [out_, 0], [out_, 16], [out_, -16],
                                                  [3 * out_, 0], [3 * out_, 16], [3 * out_, -16]]
                                                 : [[0, 0], [24, 0], [-24, 0]];
      shifts.forEach(function (sh) { out.push([d, sh[0], d === "top" ? sh[1] - 4 : d === "bottom" ? sh[1] + 4 : sh[1]]); });
    });
    return out;
  }

  function inner(marker) {
    var el = marker.getElement && marker.getElement();
    return el ? el.firstChild : null;
  }

  // ---- labels that never cover anything -------------------------------------------------------
  // Greedy placement, as map-label libraries do: the pins and the map's controls are fixed; each label,
  // in order of priority (places, then routes, then country and lake names), takes the first of its
  // candidate positions that covers nothing already placed and stays inside the map; a label with no such
  // position is hidden until the view changes. Measured on screen, so it holds at any size and in
  // presenter mode, whose labels are larger.

  var GAP = 2;

  function overlaps(a, b) {
    return a.left < b.right + GAP && b.left < a.right + GAP && a.top < b.bottom + GAP && b.top < a.bottom + GAP;
  }

  function placeLabels(map, markers, selectedPlace) {
    var started = window.performance ? performance.now() : 0;
    var box = map.getContainer().getBoundingClientRect();
    var taken = [];
    markers.forEach(function (marker) {
      var el = marker.getElement && marker.getElement();
      var pin = el && (el.querySelector(".story-pin") || el);  // the drawn pin, scaled when selected
      if (pin) taken.push(pin.getBoundingClientRect());
    });
    Array.prototype.forEach.call(map.getContainer().querySelectorAll(".leaflet-control"), function (el) {
      taken.push(el.getBoundingClientRect());
    });
    // The selected event's place is named first: the reader has just been taken there.
    var rank = function (l) { return l.place && l.place === selectedPlace ? 1 : l.priority; };
    var seen = map.getBounds();
    labels.slice().sort(function (a, b) { return rank(a) - rank(b); }).forEach(function (l) {
      var el = l.element();
      if (!el) return;
      if (l.latlng && !seen.contains(l.latlng)) {  // its point is off the map: hidden without measuring (cheap)
        el.style.visibility = "hidden";
        return;
      }
      el.style.visibility = "";
      var fits = l.candidates.some(function (candidate) {
        l.apply(candidate);
        var r = (l.element() || el).getBoundingClientRect();
        var inside = r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
        if (!inside || taken.some(function (t) { return overlaps(r, t); })) return false;
        taken.push(r);
        return true;
      });
      if (!fits) {
        l.apply(l.candidates[0]);
        (l.element() || el).style.visibility = "hidden";
      }
    });
    return window.performance ? performance.now() - started : 0;
  }

  // ---- pins of neighbouring places never pile up ------------------------------------------------
  // Each place's pins sit in a small grid above it (geo/mapbuild.py pin_anchor). Zoomed out, two places'
  // grids may meet. Places almost on one spot share one grid, in story order; any other grid that meets
  // another turns to the other side of its place, or else steps aside, so every pin stays whole, clickable
  // and next to its place. Only the drawing moves (the icon's margins); every pin keeps its coordinates.
  var PIN_GAP = 4, PER_ROW = 3;

  function slotCentre(g, slot, n, size) {
    // Row 0 next to the point, as pin_anchor draws it; rows grow away from the point.
    var step = size + PIN_GAP, row = Math.floor(slot / PER_ROW), col = slot % PER_ROW;
    var inRow = Math.min(PER_ROW, n - row * PER_ROW), away = size / 2 + 10 + row * step;
    return L.point(g.point.x + g.dx + (col - (inRow - 1) / 2) * step, g.point.y + (g.up ? -away : away));
  }

  function gridBox(g, size) {
    var n = g.pins.length, step = size + PIN_GAP, cols = Math.min(PER_ROW, n), rows = Math.ceil(n / PER_ROW);
    var near = size / 2 + 10 - step / 2, far = near + rows * step, x = g.point.x + g.dx;
    return { left: x - cols * step / 2, right: x + cols * step / 2,
             top: g.up ? g.point.y - far : g.point.y + near, bottom: g.up ? g.point.y - near : g.point.y + far };
  }

  function meet(a, b) {
    return a.left < b.right + PIN_GAP && b.left < a.right + PIN_GAP && a.top < b.bottom + PIN_GAP && b.top < a.bottom + PIN_GAP;
  }

  function layoutPins(map, markers, pins, size) {
    var byPlace = new Map();
    pins.forEach(function (p) {
      if (!byPlace.has(p.place)) {
        byPlace.set(p.place, { pins: [], point: map.latLngToContainerPoint(p.latlon), up: p.anchor[1] > 0, dx: 0, own: true });
      }
      byPlace.get(p.place).pins.push(p);
    });
    var groups = Array.from(byPlace.values()), step = size + PIN_GAP;
    for (var merged = true; merged;) {  // places within a pin's width of each other: one grid
      merged = false;
      for (var i = 0; i < groups.length && !merged; i++) {
        for (var j = i + 1; j < groups.length && !merged; j++) {
          var a = groups[i], b = groups[j];
          if (Math.abs(a.point.x - b.point.x) < step && Math.abs(a.point.y - b.point.y) < step) {
            var up = a.pins.length >= b.pins.length ? a.up : b.up;  // the side the larger one's story chose
            groups.splice(j, 1);
            groups[i] = { pins: a.pins.concat(b.pins).sort(function (p, q) { return p.number - q.number; }), up: up, dx: 0,
                          point: L.point((a.point.x + b.point.x) / 2, (up ? Math.min : Math.max)(a.point.y, b.point.y)), own: false };
            merged = true;
          }
        }
      }
    }
    groups.sort(function (a, b) { return b.pins.length - a.pins.length; });  // the larger grids stay as drawn
    for (var k = 1; k < groups.length; k++) {
      var g = groups[k], placed = groups.slice(0, k);
      var clear = function () { var box = gridBox(g, size); return !placed.some(function (o) { return meet(box, gridBox(o, size)); }); };
      if (clear()) continue;
      g.own = false;
      g.up = !g.up;
      if (clear()) continue;
      g.up = !g.up;
      for (var shift = 1; shift <= 6 && !clear(); shift++) {  // step aside, one column at a time, the nearer way first
        g.dx = step * shift;
        if (clear()) break;
        g.dx = -step * shift;
      }
    }
    var half = size / 2;
    groups.forEach(function (g) {
      g.pins.forEach(function (p, slot) {
        var el = markers.get(p.id) && markers.get(p.id).getElement();
        if (!el) return;
        if (g.own) {  // its own grid, as drawn
          el.style.marginLeft = -p.anchor[0] + "px";
          el.style.marginTop = -p.anchor[1] + "px";
          return;
        }
        var c = slotCentre(g, slot, g.pins.length, size), at = map.latLngToContainerPoint(p.latlon);
        el.style.marginLeft = (c.x - at.x - half) + "px";
        el.style.marginTop = (c.y - at.y - half) + "px";
      });
    });
  }

  function coverBy(r, c, box) {
    // How far control rectangle c covers rectangle r, as [side, pixels] on the side that needs the less to clear
    // (sides: 0 top, 1 right, 2 bottom, 3 left of the map box); null if it covers nothing.
    if (!(r.left < c.right && c.left < r.right && r.top < c.bottom && c.top < r.bottom)) return null;
    var left = c.left + c.width / 2 < box.left + box.width / 2, top = c.top + c.height / 2 < box.top + box.height / 2;
    var across = left ? c.right - r.left : r.right - c.left, down = top ? c.bottom - r.top : r.bottom - c.top;
    return across <= down ? [left ? 3 : 1, across] : [top ? 0 : 2, down];
  }

  function foldKeyOffPins(map, markers) {
    // The key gives way to the story: open over a pin after a move, it folds (the reader may open it again).
    var key = map.getContainer().querySelector(".map-legend > details[open]");
    if (!key) return;
    var r = key.parentNode.getBoundingClientRect();  // the control's box, padding included
    markers.forEach(function (marker) {
      var el = marker.getElement && marker.getElement();
      var pin = el && (el.querySelector(".story-pin") || el);
      if (!pin || !key.open) return;
      var p = pin.getBoundingClientRect();
      if (p.left < r.right && r.left < p.right && p.top < r.bottom && r.top < p.bottom) key.open = false;
    });
  }

  function joinParts(routes) {
    // The road from the first route's start to the last one's end: every part in order, a shared point once.
    var out = [];
    routes.forEach(function (r) {
      r.parts.forEach(function (part) {
        part.latlons.forEach(function (p, i) {
          var last = out[out.length - 1];
          if (i === 0 && last && last[0] === p[0] && last[1] === p[1]) return;
          out.push(p);
        });
      });
    });
    return out;
  }

  function Path(map, latlngs) {
    // Cumulative distances along the path, so a fraction of its length maps to a point on it.
    var points = latlngs.map(function (p) { return L.latLng(p[0], p[1]); });
    var cumulative = [0];
    for (var i = 1; i < points.length; i++) cumulative.push(cumulative[i - 1] + map.distance(points[i - 1], points[i]));
    var total = cumulative[cumulative.length - 1] || 1;
    return {
      points: points,
      at: function (fraction) {
        var target = Math.max(0, Math.min(1, fraction)) * total;
        for (var j = 1; j < points.length; j++) {
          if (cumulative[j] >= target) {
            var t = (target - cumulative[j - 1]) / ((cumulative[j] - cumulative[j - 1]) || 1);
            return L.latLng(points[j - 1].lat + t * (points[j].lat - points[j - 1].lat),
                            points[j - 1].lng + t * (points[j].lng - points[j - 1].lng));
          }
        }
        return points[points.length - 1];
      }
    };
  }

  // ---- drawing the story ----------------------------------------------------------------------

  // The basemap: always its countries, lakes, rivers and main cities; from a zoom on (each piece's minzoom)
  // its detail, roads, fine borders, towns and villages, taken from the data or fetched from its address the
  // first time the map is zoomed that far, so a first paint carries none of it.
  var LABEL_PRIORITY = { city: 4, town: 5, village: 6 };  // places 2, routes 3, country and lake names 4

  function shapesLayer(shapes, pane) {
    return L.geoJSON({ type: "FeatureCollection", features: shapes.map(function (s) {
      return { type: "Feature", geometry: s.geometry, properties: { layer: s.layer } };
    }) }, {
      style: function (f) { return BASEMAP_STYLE[f.properties.layer] || BASEMAP_STYLE.country; },
      interactive: false, smoothFactor: 0.5, pane: pane
    });
  }

  function nameLabels(items, group) {
    items.forEach(function (l) {
      var settlement = LABEL_PRIORITY[l.layer];
      var marker = label(l.latlon, l.text, settlement ? "settlement-label settlement-" + l.layer
                                                      : LABEL_CLASS[l.layer] || "country-label").addTo(group);
      labels.push({ priority: settlement || 4, element: function () { return inner(marker); }, candidates: [null],
                    latlng: settlement ? L.latLng(l.latlon) : null, apply: function () {} });
    });
  }

  function basemapLayer(map, basemap) {
    if (!map.getPane("basemap")) map.createPane("basemap").style.zIndex = 350;  // under the routes and pins
    var group = L.featureGroup();
    var countries = shapesLayer(basemap.shapes, "basemap").addTo(group);
    nameLabels(basemap.labels, group);
    var detail = basemap.detail, pieces = null, asked = false;
    if (!detail) return group;
    function draw(data) {
      // Casing first, then the line: a road reads as a road on the beige land.
      pieces = [];
      (data.shapes || []).forEach(function (s) {
        var layers = s.layer === "road" ? [shapesLayer([{ layer: "roadCasing", geometry: s.geometry }], "basemap"),
                                           shapesLayer([s], "basemap")] : [shapesLayer([s], "basemap")];
        layers.forEach(function (layer) { pieces.push({ minzoom: s.minzoom, layer: layer, border: s.layer === "border" }); });
      });
      (data.labels || []).forEach(function (l) {
        var holder = L.layerGroup();
        nameLabels([l], holder);
        pieces.push({ minzoom: l.minzoom, layer: holder });
      });
      update();
      if (window.storymap && window.storymap.placeLabels) window.storymap.placeLabels();
    }
    function update() {
      var zoom = map.getZoom(), fine = false;
      if (!pieces && zoom >= detail.minzoom && !asked) {
        asked = true;
        if (detail.url) {
          fetch(detail.url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; })
            .then(function (data) { if (data && group._map) draw(data); }).catch(function () {});
        } else {
          draw(detail);
        }
      }
      (pieces || []).forEach(function (p) {
        var on = zoom >= p.minzoom;
        if (on && p.border) fine = true;
        if (on && !group.hasLayer(p.layer)) group.addLayer(p.layer);
        if (!on && group.hasLayer(p.layer)) group.removeLayer(p.layer);
      });
      // The fine borders replace the coarse outlines they would run beside.
      countries.setStyle(function (f) {
        var style = BASEMAP_STYLE[f.properties.layer] || BASEMAP_STYLE.country;
        return f.properties.layer === "country" ? L.extend({}, style, { weight: fine ? 0 : style.weight }) : style;
      });
    }
    map.on("zoomend", update);
    group.on("remove", function () { map.off("zoomend", update); });
    group.on("add", update);
    return group;
  }

  function routesLayer(routes) {
    var group = L.featureGroup();
    routes.forEach(function (r) {
      // A route's parts: real road (solid) or traced through documented points (dashed: approximate).
      r.parts.forEach(function (part) {
        var traced = part.kind !== "road";
        L.polyline(part.latlons, { color: "#ffffff", weight: 9, opacity: 0.9, interactive: false }).addTo(group);
        L.polyline(part.latlons, {
          color: r.colour, weight: 5, opacity: 0.95, dashArray: traced ? "2 9" : null, lineCap: traced ? "round" : "butt",
          className: "story-route route-" + r.id + (traced ? " route-traced" : " route-road")
        }).bindTooltip(text("div", "", r.tooltip + (traced ? " · this stretch: traced, approximate" : " · this stretch: real road (OpenStreetMap)")))
          .bindPopup(function () { return StoryCard.route(r.card, document); }, { maxWidth: 360, autoPanPadding: [60, 24] })
          .addTo(group);
      });
      var tag = label(r.label_at, r.label, "route-label route-label-" + r.label_side + " route-label-" + r.id, r.colour);
      tag.addTo(group);
      var sides = r.label_side === "left" ? ["left", "right"] : ["right", "left"];
      var spots = [r.label_at].concat(r.label_points || []);
      var candidates = [];  // [spot on the line, side, gap from the line, shift up or down], nearest first
      [[10, 0], [10, -20], [10, 20], [36, 0], [36, -28], [36, 28]].forEach(function (o) {
        spots.forEach(function (at) { sides.forEach(function (side) { candidates.push([at, side, o[0], o[1]]); }); });
      });
      labels.push({ priority: 3, element: function () { return inner(tag); }, candidates: candidates, apply: function (c) {
        tag.setLatLng(c[0]);
        var el = inner(tag);
        if (!el) return;
        el.classList.toggle("route-label-right", c[1] === "right");
        el.classList.toggle("route-label-left", c[1] === "left");
        el.style.transform = c[1] === "right" ? "translate(" + c[2] + "px, calc(-50% + " + c[3] + "px))"
                                               : "translate(calc(-100% - " + c[2] + "px), calc(-50% + " + c[3] + "px))";
      } });
    });
    return group;
  }

  // A place the story names only on hover (it would crowd the opening view) is named on the map once the
  // reader has zoomed in this far, where there is room: after the places and before the routes' labels.
  var MINOR_PLACE_ZOOM = 10;
  var MINOR_SPOTS = [["right", "translate(9px, -50%)"], ["left", "translate(calc(-100% - 9px), -50%)"],
                     ["top", "translate(-50%, calc(-100% - 9px))"], ["bottom", "translate(-50%, 9px)"]];

  function minorPlaceLabel(p, group) {
    var tag = label(p.latlon, p.label, "minor-place-label");
    var spots = MINOR_SPOTS.slice().sort(function (a, b) { return (b[0] === p.direction) - (a[0] === p.direction); });
    var shown = function () {
      var map = group._map, on = !!map && map.getZoom() >= MINOR_PLACE_ZOOM;
      if (on && !group.hasLayer(tag)) group.addLayer(tag);
      if (!on && group.hasLayer(tag)) group.removeLayer(tag);
    };
    group.on("add", function () { shown(); group._map.on("zoomend", shown); });
    group.on("remove", function (e) { e.target._map && e.target._map.off("zoomend", shown); });
    labels.push({ priority: 2.5, place: p.id, latlng: L.latLng(p.latlon), element: function () { return inner(tag); }, candidates: spots,
                  apply: function (c) { var el = inner(tag); if (el) el.style.transform = c[1]; } });
  }

  function placesLayer(places) {
    var group = L.featureGroup();
    places.forEach(function (p) {
      var dot = L.circleMarker(p.latlon, {
        radius: 5, color: "#1f1f1f", weight: 2, fill: true, fillColor: "#ffffff", fillOpacity: 1,
        className: "place-dot place-" + p.id
      }).bindTooltip(text("div", "", p.label), {
        permanent: p.labelled, direction: p.direction, className: p.labelled ? "place-label" : "place-hover", offset: [0, 0]
      }).addTo(group);
      if (!p.labelled) minorPlaceLabel(p, group);
      if (p.labelled) {
        var tip = dot.getTooltip();
        labels.push({ priority: 2, place: p.id, latlng: L.latLng(p.latlon), element: function () { return tip.getElement(); },
          candidates: placeCandidates(p.direction),
          apply: function (c) {
            tip.options.direction = c[0];
            tip.options.offset = L.point(c[1], c[2]);
            if (tip.isOpen()) tip.update();
          } });
      }
    });
    return group;
  }

  function pinsLayer(pins, size, cards, markers) {
    var group = L.featureGroup();
    pins.forEach(function (p) {
      var pin = text("div", "story-pin", p.number);
      pin.setAttribute("data-event-id", p.id);
      pin.setAttribute("aria-label", "Event " + p.number + ": " + p.title);
      var marker = L.marker(p.latlon, {
        icon: L.divIcon({ html: pin, iconSize: [size, size], iconAnchor: p.anchor, className: "story-pin-icon" })
      }).bindTooltip(text("div", "", p.number + ". " + p.title))
        .bindPopup(function () { return StoryCard.event(cards.get(p.id) || {}, document); },
                   { maxWidth: 360, autoPanPadding: [60, 24] });
      marker.addTo(group);
      markers.set(p.id, marker);
    });
    return group;
  }

  function layerSwitches(box, map, overlays) {
    // What to show, in the key (one control less in a corner of the map: on a phone every corner covers pins).
    var list = document.createElement("details");  // folded: the key stays short
    list.className = "key-layers";
    var legend = document.createElement("summary");
    legend.textContent = "Layers";
    list.appendChild(legend);
    Object.keys(overlays).forEach(function (name) {
      var row = document.createElement("label"), box_ = document.createElement("input");
      box_.type = "checkbox";
      box_.checked = map.hasLayer(overlays[name]);
      box_.addEventListener("change", function () {
        if (box_.checked) overlays[name].addTo(map); else map.removeLayer(overlays[name]);
        if (window.storymap && window.storymap.placeLabels) window.storymap.placeLabels();
      });
      row.appendChild(box_);
      row.appendChild(document.createTextNode(" " + name));
      list.appendChild(row);
    });
    box.appendChild(list);
  }

  function legendControl(routes, map, overlays) {
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      // It folds (a <details>): open on a large map, folded on a small one, where it would cover the story.
      var box = L.DomUtil.create("div", "map-legend");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Map key");
      var div = L.DomUtil.create("details", "", box);
      div.open = !window.matchMedia("(max-width: 700px), (max-height: 500px)").matches;
      var summary = document.createElement("summary");
      summary.textContent = "Key";
      div.appendChild(summary);
      L.DomEvent.disableClickPropagation(box);
      var row = function (parts) {
        var line = document.createElement("div");
        parts.forEach(function (p) { line.appendChild(p); });
        div.appendChild(line);
      };
      var swatch = function (className, value) { var s = document.createElement("span"); s.className = className; if (value) s.textContent = value; return s; };
      var words = function (value) { return document.createTextNode(" " + value); };
      row([swatch("key-pin", "4"), words("event from the article (number = story order)")]);
      row([swatch("key-pin key-selected", "4"), words("the selected event")]);
      row([swatch("key-dot"), words("place")]);
      routes.forEach(function (r) {
        var line = swatch("key-line");
        line.style.background = r.colour;
        var name = text("span", "", r.key);
        row([line, name, words("(context)")]);
      });
      var traced = routes.some(function (r) { return r.parts.some(function (p) { return p.kind !== "road"; }); });
      if (routes.length && traced) row([swatch("key-line key-traced"), words("dashed: traced through documented places, approximate")]);
      layerSwitches(div, map, overlays);
      return box;
    };
    return legend;
  }

  function clear() {
    drawn.forEach(function (thing) { thing.remove(); });
    drawn = [];
    labels = [];
  }

  function show(mapJson, cardsJson) {
    var map = theMap, data = JSON.parse(mapJson), cardsData = JSON.parse(cardsJson || "{}");
    var cards = new Map(Object.keys(cardsData).map(function (k) { return [k, cardsData[k]]; }));
    var markers = new Map();
    var previous = window.storymap;
    document.documentElement.removeAttribute("data-storymap-ready");
    if (previous && previous.stop) previous.stop();
    clear();
    map.closePopup();
    map.stop();
    // Jump (no animation) to the story before narrowing the zoom range: Leaflet would animate into it.
    if (data.home && data.home.length) {
      map.setView(L.latLngBounds(data.home).getCenter(), Math.min(data.max_zoom, Math.max(data.min_zoom, map.getZoom())), { animate: false });
    }
    map.setMinZoom(data.min_zoom);
    map.setMaxZoom(data.max_zoom);
    map.setMaxBounds(data.max_bounds ? L.latLngBounds(data.max_bounds) : null);

    var overlays = {};
    if (data.basemap) overlays[LAYER_NAMES.basemap] = basemapLayer(map, data.basemap);
    // Online tiles are offered, off by default: the one thing that would use the network, only if switched on.
    overlays[LAYER_NAMES.tiles] = L.tileLayer(data.tiles, { attribution: "&copy; OpenStreetMap contributors" });
    overlays[LAYER_NAMES.routes] = routesLayer(data.routes);
    overlays[LAYER_NAMES.places] = placesLayer(data.places);
    overlays[LAYER_NAMES.pins] = pinsLayer(data.pins, data.pin_size, cards, markers);
    Object.keys(overlays).forEach(function (name) {
      if (name !== LAYER_NAMES.tiles) overlays[name].addTo(map);
      drawn.push(overlays[name]);
    });
    // The map's sources are credited on it (GeoNames and OpenStreetMap's licences ask for it), as plain text.
    if (map.attributionControl) {
      shownCredits.forEach(function (c) { map.attributionControl.removeAttribution(c); });
      shownCredits = (data.credits || []).map(function (c) { var s = document.createElement("span"); s.textContent = c; return s.innerHTML; });
      shownCredits.forEach(function (c) { map.attributionControl.addAttribution(c); });
    }
    drawn.push(legendControl(data.routes, map, overlays).addTo(map));
    window.storymap = makeApi(map, markers, data);  // marks the document ready after its first layout
    return window.storymap;
  }

  // ---- what the host may ask of a drawn story -------------------------------------------------

  function makeApi(map, markers, options) {
    var api = { map: map, markers: markers, selected: null, options: options, fraction: 0 };
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var listeners = [];
    api.reduceMotion = reduceMotion;

    function on(target, type, fn) { target.on(type, fn); listeners.push([target, type, fn]); }

    function mark(id, on_) {
      var marker = markers.get(id);
      var el = marker && marker.getElement ? marker.getElement() : null;
      if (el) {
        el.classList.toggle("is-selected", on_);
        var pin = el.querySelector(".story-pin");
        if (pin) pin.setAttribute("aria-current", on_ ? "true" : "false");
      }
      if (marker) marker.setZIndexOffset(on_ ? 1000 : 0);
    }

    function clearControls() {
      // After a fly, a control (zoom, layers, scale, credits) may sit over a pin near the map's edge: move the
      // map once, by the least that uncovers them, unless that would push the selected pin out of view.
      var box = map.getContainer().getBoundingClientRect(), dx = 0, dy = 0;
      var controls = Array.prototype.filter.call(map.getContainer().querySelectorAll(".leaflet-control"), function (el) {
        return !el.classList.contains("map-legend");  // the key folds instead (foldKeyOffPins)
      }).map(function (el) { return el.getBoundingClientRect(); });
      markers.forEach(function (marker) {
        var el = marker.getElement && marker.getElement(), pin = el && (el.querySelector(".story-pin") || el);
        if (!pin) return;
        var p = pin.getBoundingClientRect();
        controls.forEach(function (c) {
          var cover = coverBy(p, c, box);
          if (!cover) return;
          var shift = cover[1] + 4, side = cover[0];  // move the map away from the control's side by that much
          if (side === 0 || side === 2) { if (shift > Math.abs(dy)) dy = side === 0 ? shift : -shift; }
          else if (shift > Math.abs(dx)) dx = side === 3 ? shift : -shift;
        });
      });
      if (!dx && !dy) return;
      var selected = markers.get(api.selected), at = selected && map.latLngToContainerPoint(selected.getLatLng());
      var size = map.getSize(), MARGIN = 60;
      if (at && (at.x + dx < MARGIN || at.x + dx > size.x - MARGIN || at.y + dy < MARGIN || at.y + dy > size.y - MARGIN)) return;
      map.panBy([-dx, -dy], { animate: false });
    }

    api.select = function (id, opts) {
      opts = opts || {};
      var marker = markers.get(id);
      if (!marker) return false;
      if (api.selected && api.selected !== id) mark(api.selected, false);
      api.selected = id;
      mark(id, true);
      document.documentElement.setAttribute("data-selected-event", id);
      if (api.placeLabels) { api.placeLabels(); window.setTimeout(api.placeLabels, 200); }  // the selected pin grows (0.15 s)
      if (opts.fly) {
        api.atHome = false;  // now, not at the fly's first frame: a home() in between would cancel it
        if (opts.popup) {
          var opened = false;
          var open = function () { if (!opened && api.selected === id) { opened = true; marker.openPopup(); } };
          map.once("moveend", open);
          window.setTimeout(open, reduceMotion ? 50 : 1500);
        } else {
          map.closePopup();
        }
        map.once("moveend", clearControls);
        var both = farFromHome(marker.getLatLng());
        if (both) {  // far from the story's home region (Ankara, Baku): one view that holds both
          if (reduceMotion) map.fitBounds(both, { animate: false, padding: [48, 48] });
          else map.flyToBounds(both, { duration: 0.8, padding: [48, 48] });
        } else {
          var zoom = Math.max(options.focus_zoom, Math.min(map.getZoom(), options.focus_zoom + 2));
          if (reduceMotion) map.setView(marker.getLatLng(), zoom, { animate: false });
          else map.flyTo(marker.getLatLng(), zoom, { duration: 0.8 });
        }
      } else if (opts.popup) {
        marker.openPopup();
      }
      if (opts.reveal && !map.getBounds().contains(marker.getLatLng())) {
        var around = farFromHome(marker.getLatLng());
        if (around) map.fitBounds(around, { animate: false, padding: [48, 48] });
        else map.setView(marker.getLatLng(), options.focus_zoom, { animate: false });
      }
      return true;
    };

    function farFromHome(latlng) {
      // Outside the home region and its surroundings, a pin alone on an empty map says nothing: the
      // bounds that hold both the home region and the pin, or null when the pin is near home.
      if (!homeBounds || homeBounds.pad(0.5).contains(latlng)) return null;
      return L.latLngBounds(homeBounds.getSouthWest(), homeBounds.getNorthEast()).extend(latlng);
    }

    // The traveller: a marker that moves along the route as the story is played.
    var joined = joinParts(options.routes);
    var path = joined.length > 1 ? Path(map, joined) : null;
    var traveller = null;
    var frame = null;
    if (path) {
      traveller = L.circleMarker(path.points[0], {
        radius: 8, color: "#111", weight: 2, fillColor: "#ffbf47", fillOpacity: 1,
        interactive: false, className: "traveller"
      });
      drawn.push(traveller);
    }

    api.travellerLatLng = function () { return traveller && map.hasLayer(traveller) ? traveller.getLatLng() : null; };

    api.travel = function (fraction, animate) {
      if (!traveller) return false;
      if (!map.hasLayer(traveller)) traveller.addTo(map);
      if (frame) window.cancelAnimationFrame(frame);
      var from = api.fraction;
      api.fraction = fraction;
      if (!animate || reduceMotion) { traveller.setLatLng(path.at(fraction)); return true; }
      var started = null;
      var step = function (now) {
        if (started === null) started = now;
        var t = Math.min(1, (now - started) / 1200);
        traveller.setLatLng(path.at(from + (fraction - from) * t));
        frame = t < 1 ? window.requestAnimationFrame(step) : null;
      };
      frame = window.requestAnimationFrame(step);
      return true;
    };

    api.hideTraveller = function () { if (traveller && map.hasLayer(traveller)) map.removeLayer(traveller); };

    markers.forEach(function (marker, id) {
      marker.on("click", function () {
        api.select(id);
        tellHost({ type: "storymap:select", id: id });
      });
    });

    // The opening view: the home places, with all that is drawn around them (pin grids above, labels
    // beside) inside the map and clear of its top-left buttons. Measured, not guessed, so it holds at
    // any screen size and label size (presenter mode draws them larger).
    var homeBounds = options.home && options.home.length ? L.latLngBounds(options.home) : null;
    var homing = false;
    api.atHome = false;
    api.home = function () {
      if (!homeBounds) return;
      var MARGIN = 12, container = map.getContainer();
      var fit = function (pad) {  // pad: [top, right, bottom, left] in pixels
        homing = true;
        map.fitBounds(homeBounds, { animate: false, paddingTopLeft: [pad[3], pad[0]], paddingBottomRight: [pad[1], pad[2]] });
        layoutPins(map, markers, options.pins, options.pin_size);  // measured below as they will be drawn
        homing = false;
      };
      var measure = function () {
        var box = container.getBoundingClientRect();
        var nw = map.latLngToContainerPoint(homeBounds.getNorthWest());
        var se = map.latLngToContainerPoint(homeBounds.getSouthEast());
        // How far pins and labels stick out of the home bounds (out), and how far the map's controls (zoom, key,
        // scale, credits), which sit in its corners, would cover one (push: that side comes in by as much,
        // whichever way, across or down, needs the less).
        var controls = Array.prototype.map.call(container.querySelectorAll(".leaflet-control"), function (el) {
          return el.getBoundingClientRect();
        });
        var out = [0, 0, 0, 0], push = [0, 0, 0, 0];
        map.eachLayer(function (layer) {
          if (!layer.getLatLng || !homeBounds.contains(layer.getLatLng())) return;
          var tip = layer.getTooltip && layer.getTooltip();
          [layer.getElement && layer.getElement(), tip && tip.isOpen() ? tip.getElement() : null].forEach(function (el) {
            if (!el) return;
            var r = el.getBoundingClientRect();
            out = [Math.max(out[0], nw.y - (r.top - box.top)), Math.max(out[1], r.right - box.left - se.x),
                   Math.max(out[2], r.bottom - box.top - se.y), Math.max(out[3], nw.x - (r.left - box.left))];
            controls.forEach(function (c) {
              var cover = coverBy(r, c, box);
              if (cover) push[cover[0]] = Math.max(push[cover[0]], cover[1]);
            });
          });
        });
        extra = extra.map(function (e, i) { return e + push[i]; });  // what earlier passes pushed still holds
        var pad = [out[0] + extra[0] + MARGIN, out[1] + extra[1] + MARGIN, out[2] + extra[2] + MARGIN, out[3] + extra[3] + MARGIN];
        // A label wider than the map cannot fit whole: keep at least 40% of each side for the places.
        var across = (pad[1] + pad[3]) / (0.6 * box.width), down = (pad[0] + pad[2]) / (0.6 * box.height);
        if (across > 1) { pad[1] /= across; pad[3] /= across; }
        if (down > 1) { pad[0] /= down; pad[2] /= down; }
        return pad;
      };
      var pad = [MARGIN, MARGIN, MARGIN, MARGIN], extra = [0, 0, 0, 0];
      for (var pass = 0; pass < 3; pass++) {  // what sticks out depends a little on the zoom: settle it
        fit(pad);
        pad = measure();
      }
      fit(pad);
      api.atHome = true;
    };
    // Left home by a drag, a zoom or a fly; not by a resize (Leaflet keeps the centre then, firing movestart).
    var placing = null;
    api.labelMs = 0;  // what the last placement cost (bench/bench_steps.py reports it)
    api.placeLabels = function () {
      if (placing) window.cancelAnimationFrame(placing);
      placing = window.requestAnimationFrame(function () {
        placing = null;
        var pin = options.pins.filter(function (p) { return p.id === api.selected; })[0];
        layoutPins(map, markers, options.pins, options.pin_size);
        foldKeyOffPins(map, markers);
        api.labelMs = placeLabels(map, markers, pin ? pin.place : null);
        // A place left unnamed while the key is open: the key gives way to it too.
        var key = map.getContainer().querySelector(".map-legend > details[open]");
        var seen = map.getBounds();  // a place off the map is not one to make room for
        var unnamed = labels.some(function (l) {
          var el = l.place && l.element();
          return el && el.style.visibility === "hidden" && l.latlng && seen.contains(l.latlng);
        });
        if (key && unnamed) {
          key.open = false;
          api.labelMs += placeLabels(map, markers, pin ? pin.place : null);
        }
        // Ready once drawn and laid out: the key has folded (or not) and the labels stand where they will.
        document.documentElement.setAttribute("data-storymap-ready", "true");
      });
    };
    on(map, "zoomend moveend resize", api.placeLabels);
    on(map, "dragstart zoomstart", function () { if (!homing) api.atHome = false; });
    on(map, "resize", function () { if (api.atHome) api.home(); });
    api.stop = function () {  // a new story replaces this one
      if (frame) window.cancelAnimationFrame(frame);
      listeners.forEach(function (l) { l[0].off(l[1], l[2]); });
    };
    api.home();
    api.placeLabels();
    return api;
  }

  function attach(map) {
    theMap = map;
    // Credits name what the map is drawn with, and nothing else (Leaflet's default prefix carries a flag).
    if (map.attributionControl) map.attributionControl.setPrefix("Leaflet");
    // Like every good embedded map: a wheel turn over it scrolls the page (Ctrl/⌘ + wheel zooms, with a short
    // hint), one finger scrolls a phone's page and two move the map (npm leaflet-gesture-handling).
    if (map.gestureHandling) map.gestureHandling.enable();
    document.addEventListener("keydown", function (event) {
      if (!STORY_KEYS[event.key] || event.altKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      tellHost({ type: "storymap:key", key: event.key });
    });
    document.documentElement.setAttribute("data-storymap-shell", "true");
  }

  function setPresenter(on) {
    // Presenter mode fills the screen and the page does not scroll: the wheel zooms the map again.
    if (!theMap || !theMap.gestureHandling) return;
    if (on) theMap.gestureHandling.disable(); else theMap.gestureHandling.enable();
    if (window.storymap && window.storymap.placeLabels) window.storymap.placeLabels();  // labels changed size
  }

  window.StoryMap = { attach: attach, show: show, setPresenter: setPresenter };
})();
