/* Story map engine: runs inside the map document that geo/mapbuild.py renders.
 * StoryMap.init(map, markers, options) registers each event pin by id and returns window.storymap:
 *   select(id, {fly, popup, reveal})  highlight a pin; fly to it, open its popup, or just make sure it is in view;
 *   travel(fraction, animate) move the traveller along the route path (0 = start, 1 = end);
 *   home()                    the opening view, fitted to the home places and what is drawn around them;
 * A click on a pin selects it and tells the host page ('storymap:select'); the story keys
 * (arrows, Home, End) pressed inside the map are passed to the host ('storymap:key'). */
(function () {
  "use strict";

  var STORY_KEYS = { ArrowLeft: 1, ArrowRight: 1, Home: 1, End: 1, Escape: 1 };

  function tellHost(message) {
    if (window.parent && window.parent !== window) window.parent.postMessage(message, "*");
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

  function init(map, markers, options) {
    var api = { map: map, markers: markers, selected: null, options: options, fraction: 0 };
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    api.reduceMotion = reduceMotion;

    function pinElement(id) {
      var marker = markers[id];
      return marker && marker.getElement ? marker.getElement() : null;
    }

    function mark(id, on) {
      var el = pinElement(id);
      if (el) {
        el.classList.toggle("is-selected", on);
        var pin = el.querySelector(".story-pin");
        if (pin) pin.setAttribute("aria-current", on ? "true" : "false");
      }
      markers[id].setZIndexOffset(on ? 1000 : 0);
    }

    api.select = function (id, opts) {
      opts = opts || {};
      var marker = markers[id];
      if (!marker) return false;
      if (api.selected && api.selected !== id && markers[api.selected]) mark(api.selected, false);
      api.selected = id;
      mark(id, true);
      document.documentElement.setAttribute("data-selected-event", id);
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
        var zoom = Math.max(options.focus_zoom, Math.min(map.getZoom(), options.focus_zoom + 2));
        if (reduceMotion) map.setView(marker.getLatLng(), zoom, { animate: false });
        else map.flyTo(marker.getLatLng(), zoom, { duration: 0.8 });
      } else if (opts.popup) {
        marker.openPopup();
      }
      if (opts.reveal && !map.getBounds().contains(marker.getLatLng())) {
        map.setView(marker.getLatLng(), options.focus_zoom, { animate: false });
      }
      return true;
    };

    // The traveller: a marker that moves along the route as the story is played.
    var path = options.path && options.path.length > 1 ? Path(map, options.path) : null;
    var traveller = null;
    var frame = null;
    if (path) {
      traveller = L.circleMarker(path.points[0], {
        radius: 8, color: "#111", weight: 2, fillColor: "#ffbf47", fillOpacity: 1,
        interactive: false, className: "traveller"
      });
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

    Object.keys(markers).forEach(function (id) {
      markers[id].on("click", function () {
        api.select(id);
        tellHost({ type: "storymap:select", id: id });
      });
    });

    document.addEventListener("keydown", function (event) {
      if (!STORY_KEYS[event.key] || event.altKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      tellHost({ type: "storymap:key", key: event.key });
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
        homing = false;
      };
      var measure = function () {
        var box = container.getBoundingClientRect();
        var nw = map.latLngToContainerPoint(homeBounds.getNorthWest());
        var se = map.latLngToContainerPoint(homeBounds.getSouthEast());
        var out = [0, 0, 0, 0];
        map.eachLayer(function (layer) {
          if (!layer.getLatLng || !homeBounds.contains(layer.getLatLng())) return;
          var tip = layer.getTooltip && layer.getTooltip();
          [layer.getElement && layer.getElement(), tip && tip.isOpen() ? tip.getElement() : null].forEach(function (el) {
            if (!el) return;
            var r = el.getBoundingClientRect();
            out = [Math.max(out[0], nw.y - (r.top - box.top)), Math.max(out[1], r.right - box.left - se.x),
                   Math.max(out[2], r.bottom - box.top - se.y), Math.max(out[3], nw.x - (r.left - box.left))];
          });
        });
        var buttons = container.querySelector(".leaflet-top.leaflet-left");
        var reserved = buttons ? buttons.getBoundingClientRect().right - box.left : 0;
        var pad = [out[0] + MARGIN, out[1] + MARGIN, out[2] + MARGIN, Math.max(out[3], reserved) + MARGIN];
        // A label wider than the map cannot fit whole: keep at least 40% of each side for the places.
        var across = (pad[1] + pad[3]) / (0.6 * box.width), down = (pad[0] + pad[2]) / (0.6 * box.height);
        if (across > 1) { pad[1] /= across; pad[3] /= across; }
        if (down > 1) { pad[0] /= down; pad[2] /= down; }
        return pad;
      };
      var pad = [MARGIN, MARGIN, MARGIN, MARGIN];
      for (var pass = 0; pass < 3; pass++) {  // what sticks out depends a little on the zoom: settle it
        fit(pad);
        pad = measure();
      }
      fit(pad);
      api.atHome = true;
    };
    // Left home by a drag, a zoom or a fly; not by a resize (Leaflet keeps the centre then, firing movestart).
    map.on("dragstart zoomstart", function () { if (!homing) api.atHome = false; });
    map.on("resize", function () { if (api.atHome) api.home(); });
    api.home();

    document.documentElement.setAttribute("data-storymap-ready", "true");
    return api;
  }

  window.StoryMap = { init: init };
})();
