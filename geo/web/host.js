/* Streamlit component host for the story map (Streamlit's component protocol, API version 1).
 * Python sends {map_html, selected, height}. The map document goes into a child iframe once and
 * is replaced only when map_html changes; a new `selected` just moves the live map (no reload).
 * A click on a pin comes back as the component value {event, seq}. */
(function () {
  "use strict";
  var frame = document.getElementById("map-frame");
  var currentHtml = null;
  var pending = null;   // selection to apply once the map document has loaded
  var shown = null;     // selection the map shows
  var seq = 0;

  function send(type, data) {
    var msg = Object.assign({ isStreamlitMessage: true, type: type }, data || {});
    window.parent.postMessage(msg, "*");
  }

  function mapApi() {
    try { return frame.contentWindow && frame.contentWindow.storymap; } catch (e) { return null; }
  }

  function show(id, fly) {
    var api = mapApi();
    if (!api || !id) { pending = id; return; }
    if (id === shown) return;
    if (api.select(id, { fly: fly })) shown = id;
  }

  frame.addEventListener("load", function () {
    shown = null;
    if (pending) show(pending, false);
  });

  window.addEventListener("message", function (event) {
    var data = event.data || {};
    if (event.source === frame.contentWindow) {
      if (data.type === "storymap:select" && typeof data.id === "string") {
        shown = data.id;
        seq += 1;
        send("streamlit:setComponentValue", { value: { event: data.id, seq: seq }, dataType: "json" });
      }
      return;
    }
    if (data.type !== "streamlit:render") return;
    var args = data.args || {};
    send("streamlit:setFrameHeight", { height: args.height || 600 });
    if (args.map_html !== currentHtml) {
      currentHtml = args.map_html;
      pending = args.selected || null;
      shown = null;
      frame.srcdoc = currentHtml;
    } else {
      show(args.selected, true);
    }
  });

  send("streamlit:componentReady", { apiVersion: 1 });
})();
