/* Story map engine: runs inside the map document that geo/mapbuild.py renders.
 * StoryMap.init(map, markers, options) registers each event pin by id and returns
 * window.storymap: select(id, {fly, popup}) highlights a pin and moves the map to it;
 * a click on a pin selects it and tells the host page (postMessage 'storymap:select'). */
(function () {
  "use strict";

  function init(map, markers, options) {
    var api = { map: map, markers: markers, selected: null, options: options };
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

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
        var opened = false;
        var open = function () { if (!opened) { opened = true; marker.openPopup(); } };
        map.once("moveend", open);
        window.setTimeout(open, reduceMotion ? 50 : 1500);
        var zoom = Math.max(options.focus_zoom, Math.min(map.getZoom(), options.focus_zoom + 2));
        if (reduceMotion) map.setView(marker.getLatLng(), zoom, { animate: false });
        else map.flyTo(marker.getLatLng(), zoom, { duration: 0.8 });
      } else if (opts.popup) {
        marker.openPopup();
      }
      return true;
    };

    Object.keys(markers).forEach(function (id) {
      markers[id].on("click", function () {
        api.select(id);
        if (window.parent && window.parent !== window) {
          window.parent.postMessage({ type: "storymap:select", id: id }, "*");
        }
      });
    });

    document.documentElement.setAttribute("data-storymap-ready", "true");
    return api;
  }

  window.StoryMap = { init: init };
})();
