/* Streamlit component host for the story map (Streamlit's component protocol, API version 1).
 *
 * Python sends the view as one JSON text: the map's data, the event cards (data made by
 * geo/cards.py, built into the page by card.js with text nodes only), the story order, the
 * timeline layout; and the selection. Render messages are taken from our parent (Streamlit) only;
 * the standalone copy takes none. The map document (map.html, the same for every story) is drawn
 * by engine.js from the view's data, and redrawn in place when the view changes. A step (button, key, list, timeline, pin) is handled
 * here at once: the card, list, timeline and live map change in the browser, and only then is
 * Python told ({event, seq}), to update the address bar and the rest of the page. Python's
 * reply carries `ack`, the last seq it has seen, so a late reply never moves the story back.
 */
(function () {
  "use strict";

  var PLAY_DWELL_MS = 4500;
  var TEXT_INPUTS = /^(INPUT|TEXTAREA|SELECT)$/;
  var KEYED_ROLES = /^(radio|radiogroup|slider|tab|tablist|listbox|option|menuitem|combobox|spinbutton|textbox|grid)$/;

  var $ = function (id) { return document.getElementById(id); };
  // A standalone copy (geo/storyview.py standalone_html) carries its arguments in the page and has no Streamlit.
  var embedded = document.getElementById("story-data");
  var standalone = !!embedded;
  var app = $("app"), frame = $("map-frame"), card = $("card"), list = $("event-list"), progress = $("progress");
  // cards and labels are Maps: an id from a link (#event=__proto__) is looked up, never inherited.
  var state = {
    view: null, viewText: null, drawnView: null, cards: new Map(), order: [], labels: new Map(), current: null,
    seq: 0, mode: "normal", height: 720, timeline: null, playing: null, travelled: false, frameLoaded: false,
    mapReady: false, cardShown: null
  };

  function send(type, data) {
    if (standalone) return;
    window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, data || {}), "*");
  }

  function tellPython(extra) {
    if (standalone) {
      if (window.history && window.history.replaceState) window.history.replaceState(null, "", "#event=" + state.current);
      return;
    }
    state.seq += 1;
    send("streamlit:setComponentValue", {
      value: Object.assign({ event: state.current, mode: state.mode, seq: state.seq }, extra || {}),
      dataType: "json"
    });
  }

  function mapApi() {
    try { return state.mapReady && frame.contentWindow ? frame.contentWindow.storymap : null; } catch (e) { return null; }
  }

  function index() { return state.order.indexOf(state.current); }

  // ---- showing the current event everywhere -------------------------------------------------

  function render(opts) {
    var i = index(), n = state.order.length;
    var data = state.cards.get(state.current) || null;
    if (data !== state.cardShown) {  // unchanged: no re-announcement
      card.replaceChildren(data ? StoryCard.event(data, document) : "");
      state.cardShown = data;
    }
    progress.textContent = (i + 1) + " / " + n;
    progress.setAttribute("aria-label", "Event " + (i + 1) + " of " + n);
    $("first").disabled = $("prev").disabled = i <= 0;
    $("next").disabled = $("last").disabled = i >= n - 1;
    Array.prototype.forEach.call(list.querySelectorAll("button"), function (b) {
      var on = b.getAttribute("data-id") === state.current;
      b.setAttribute("aria-current", on ? "true" : "false");
      if (on && opts.scroll) scrollListTo(b);
    });
    Array.prototype.forEach.call(document.querySelectorAll(".tl-item[data-id]"), function (el) {
      el.classList.toggle("is-current", el.getAttribute("data-id") === state.current);
    });
    var api = mapApi();
    if (api) {
      api.select(state.current, { fly: opts.fly });
      if (state.travelled) api.travel(n > 1 ? i / (n - 1) : 1, opts.fly);
    }
  }

  function scrollListTo(button) {
    // Only the list scrolls, never the page around it (scrollIntoView would scroll every ancestor, the
    // Streamlit page included, so the page jumped on load and on every step).
    var item = button.getBoundingClientRect(), box = list.getBoundingClientRect();
    if (item.top < box.top) list.scrollTop -= box.top - item.top;
    else if (item.bottom > box.bottom) list.scrollTop += item.bottom - box.bottom;
  }

  function go(id, opts) {
    // opts.fromMap: the reader clicked the pin itself, so the map stays put and keeps its popup.
    if (!state.cards.has(id)) return;
    opts = opts || {};
    var changed = id !== state.current;
    state.current = id;
    render({ fly: !opts.fromMap, scroll: true });
    if (changed) tellPython();
  }

  function step(delta) {
    var i = index() + delta;
    if (i >= 0 && i < state.order.length) go(state.order[i]);
  }

  function first() { go(state.order[0]); }
  function last() { go(state.order[state.order.length - 1]); }

  // ---- play ---------------------------------------------------------------------------------

  function setPlaying(on) {
    if (state.playing) { window.clearInterval(state.playing); state.playing = null; }
    $("play").setAttribute("aria-pressed", on ? "true" : "false");
    $("play").textContent = on ? "Pause" : "Play";
    if (!on) return;
    state.travelled = true;
    if (index() >= state.order.length - 1) first(); else render({ fly: false });
    state.playing = window.setInterval(function () {
      if (index() >= state.order.length - 1) { setPlaying(false); return; }
      step(1);
    }, PLAY_DWELL_MS);
  }

  // ---- building the list and the timeline -----------------------------------------------------

  function buildList() {
    list.innerHTML = "";
    state.order.forEach(function (id) {
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      b.setAttribute("data-id", id);
      b.textContent = state.labels.get(id);
      b.addEventListener("click", function () { setPlaying(false); go(id); });
      li.appendChild(b);
      list.appendChild(li);
    });
  }

  function timelineButton(item) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "tl-item " + item.kind;
    var text = item.label + " — " + item.when + (item.kind === "context" ? " — context, not from the article; source: " + item.source : "");
    b.title = text;
    b.setAttribute("aria-label", text);
    if (item.kind === "event") {
      b.setAttribute("data-id", item.id);
      b.textContent = String(item.number);
      b.addEventListener("click", function () { setPlaying(false); go(item.id); });
    } else {
      b.textContent = "◆";
      b.addEventListener("click", function () { showContext(item); });
    }
    return b;
  }

  function showContext(item) {
    var note = $("tl-context-note");
    note.textContent = "";
    var mark = document.createElement("span");
    mark.className = "context-mark";
    mark.textContent = "Context, not from the article";
    note.appendChild(mark);
    note.appendChild(document.createTextNode(" " + item.when + ": " + item.label + ". Source: "));
    var href = StoryCard.safeUrl(item.url);  // never a javascript: or data: link
    var a = document.createElement(href ? "a" : "span");
    if (href) { a.href = href; a.target = "_blank"; a.rel = "noopener noreferrer"; }
    a.textContent = item.source || item.url;
    a.dir = "auto";
    note.appendChild(a);
  }

  function thinTicks() {
    // Date labels never run together: on a narrow timeline every other one (or more) steps aside.
    var shown = null;
    Array.prototype.forEach.call(document.querySelectorAll(".tl-tick"), function (el) {
      el.style.visibility = "";
      var r = el.getBoundingClientRect();
      if (shown && r.left < shown.right + 8) el.style.visibility = "hidden";
      else shown = r;
    });
  }

  function buildTimeline(timeline) {
    var ticks = document.querySelector(".tl-ticks"), items = document.querySelector(".tl-items");
    var earlier = document.querySelector("#tl-earlier .tl-chips"), undated = document.querySelector("#tl-undated .tl-chips");
    [ticks, items, earlier, undated].forEach(function (el) { el.innerHTML = ""; });
    $("tl-context-note").textContent = "";
    if (!timeline) return;
    timeline.axis.ticks.forEach(function (t) {
      var el = document.createElement("span");
      el.className = "tl-tick";
      el.style.left = (t.x * 100) + "%";
      el.textContent = t.label;
      ticks.appendChild(el);
    });
    thinTicks();
    var lanes = 0;
    timeline.items.forEach(function (item) {
      var b = timelineButton(item);
      if (item.column === "axis") {
        b.style.left = (item.x0 * 100) + "%";
        b.style.width = "max(22px, " + ((item.x1 - item.x0) * 100) + "%)";
        b.style.top = (4 + item.lane * 23) + "px";
        lanes = Math.max(lanes, item.lane + 1);
        items.appendChild(b);
      } else {
        (item.column === "earlier" ? earlier : undated).appendChild(b);
      }
    });
    items.style.height = (8 + lanes * 23) + "px";
    if (timeline.items.some(function (item) { return item.kind === "context"; })) {
      // The timeline's key: what a diamond is, until one is clicked.
      var key = $("tl-context-note"), mark = document.createElement("span");
      mark.className = "tl-key-diamond";
      mark.textContent = "◆";
      key.appendChild(mark);
      key.appendChild(document.createTextNode(" context, not from the article (dashed): click one for what it is and its source"));
    }
  }

  // ---- layout and modes ---------------------------------------------------------------------

  var NARROW = window.matchMedia("(max-width: 700px)");  // phones: one column (host.css)

  function screenHeight() {
    // The reader's screen: the Streamlit page's window (our frame is only as tall as we ask), or our own.
    try { return window.parent.innerHeight || window.innerHeight; } catch (e) { return window.innerHeight; }
  }

  function frameHeight() {
    if (state.mode === "present") return screenHeight();
    if (NARROW.matches) return Math.ceil(app.scrollHeight);  // one column: as tall as what it holds
    return state.height;
  }

  var sentHeight = null;
  function sendHeight() {
    var height = frameHeight();
    document.documentElement.style.setProperty("--screen-h", screenHeight() + "px");
    if (height !== sentHeight) { sentHeight = height; send("streamlit:setFrameHeight", { height: height }); }
  }

  function applyMode() {
    app.className = state.mode === "present" ? "present" : "normal";
    var relabelled = false;
    try {
      var root = frame.contentDocument.documentElement, present = state.mode === "present";
      relabelled = root.classList.contains("present") !== present;
      root.classList.toggle("present", present);
      if (frame.contentWindow.StoryMap) frame.contentWindow.StoryMap.setPresenter(present);
    } catch (e) {}
    var api = mapApi();
    if (relabelled && api && api.atHome) api.home();  // the labels changed size: fit the opening view again
    sendHeight();
  }

  // ---- keyboard: in this document, in the map, and on the page around us ----------------------

  function storyKey(key) {
    if (key === "ArrowRight") { setPlaying(false); step(1); }
    else if (key === "ArrowLeft") { setPlaying(false); step(-1); }
    else if (key === "Home") { setPlaying(false); first(); }
    else if (key === "End") { setPlaying(false); last(); }
    else if (key === "Escape" && state.mode === "present") { leavePresenter(); }
    else return false;
    return true;
  }

  function onKey(event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    var t = event.target;
    if (t && (TEXT_INPUTS.test(t.tagName) || t.isContentEditable)) return;
    var role = t && t.closest && t.closest("[role]");
    if (role && KEYED_ROLES.test(role.getAttribute("role"))) return;
    if (storyKey(event.key)) event.preventDefault();
  }

  document.addEventListener("keydown", onKey);
  if (!standalone) {
    try { window.parent.document.addEventListener("keydown", onKey); } catch (e) { /* another origin: keys work inside only */ }
  }
  try { window.parent.addEventListener("resize", sendHeight); } catch (e) {}
  if (window.ResizeObserver) new ResizeObserver(function () { sendHeight(); thinTicks(); }).observe(app);  // a longer card, a phone turned

  function leavePresenter() {
    setPlaying(false);
    if (document.fullscreenElement) document.exitFullscreen();
    state.mode = "normal";
    applyMode();
    tellPython({ mode: "normal" });
  }

  $("first").addEventListener("click", function () { setPlaying(false); first(); });
  $("prev").addEventListener("click", function () { setPlaying(false); step(-1); });
  $("next").addEventListener("click", function () { setPlaying(false); step(1); });
  $("last").addEventListener("click", function () { setPlaying(false); last(); });
  $("play").addEventListener("click", function () { setPlaying(!state.playing); });
  $("exit-present").addEventListener("click", leavePresenter);
  $("fullscreen").addEventListener("click", function () {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
  });

  // ---- the map document ---------------------------------------------------------------------

  function drawMap() {
    // The story goes to the map as JSON text, parsed there: the engine never holds our objects.
    if (!state.frameLoaded || !state.view || state.drawnView === state.viewText) return;
    var win = null;
    try { win = frame.contentWindow; } catch (e) {}
    if (!win || !win.StoryMap) return;
    win.StoryMap.show(JSON.stringify(state.view.map), JSON.stringify(state.view.cards));
    state.drawnView = state.viewText;
    state.mapReady = true;
    applyMode();
    var api = mapApi();
    if (api && state.current) {
      api.select(state.current, { fly: false, reveal: true });  // e.g. a link to an event far from the opening view
      if (state.travelled) api.travel(state.order.length > 1 ? index() / (state.order.length - 1) : 1, false);
    }
  }

  frame.addEventListener("load", function () {
    state.frameLoaded = true;
    drawMap();
  });

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || typeof data !== "object") return;
    if (event.source === frame.contentWindow) {
      if (data.type === "storymap:select" && state.cards.has(data.id)) { setPlaying(false); go(data.id, { fromMap: true }); }
      else if (data.type === "storymap:key") storyKey(data.key);
      return;
    }
    // Only our parent (Streamlit's page) may render us: a message from any other window (a page that
    // opened the app, a frame inside it) is dropped. The standalone copy has no parent to listen to.
    if (standalone || window.parent === window || event.source !== window.parent) return;
    if (data.type === "streamlit:render" && data.args && typeof data.args === "object") onArgs(data.args);
  });

  function mapOf(object) {
    var map = new Map();
    if (object && typeof object === "object") Object.keys(object).forEach(function (k) { map.set(k, object[k]); });
    return map;
  }

  function onArgs(args) {
    // The view (map data, cards, order, labels, timeline) is one JSON text, parsed only when it
    // changes: a step's reply from Python carries the same text and costs a string comparison.
    if (typeof args.view === "string" && args.view !== state.viewText) {
      var view;
      try { view = JSON.parse(args.view); } catch (e) { return; }
      if (!view || typeof view !== "object" || !Array.isArray(view.order)) return;
      state.view = view;
      state.viewText = args.view;
      state.cards = mapOf(view.cards);
      state.order = view.order.filter(function (id) { return typeof id === "string" && state.cards.has(id); });
      state.labels = mapOf(view.labels);
      state.timeline = view.timeline || null;
      buildList();
      buildTimeline(state.timeline);
    }
    if (!state.view) return;
    state.height = typeof args.height === "number" && args.height > 0 ? args.height : 720;
    var pythonIsCurrent = (args.ack || 0) >= state.seq;
    if (pythonIsCurrent) {
      if ((args.mode === "normal" || args.mode === "present") && args.mode !== state.mode) state.mode = args.mode;
    }
    applyMode();
    var wanted = typeof args.selected === "string" && state.cards.has(args.selected) ? args.selected : null;
    var move = pythonIsCurrent && wanted !== null && wanted !== state.current;
    var redraw = state.drawnView !== state.viewText;
    if (move || !state.cards.has(state.current)) state.current = wanted || state.order[0];
    if (redraw) {
      render({ fly: false, scroll: true });
      drawMap();
    } else {
      render({ fly: move, scroll: move });
    }
  }

  if (standalone) {
    var framing = $("framing");
    if (framing && NARROW.matches) framing.open = false;  // on a phone the map comes first
    var args = JSON.parse(embedded.textContent);
    args.view = $("story-view").textContent;
    frame.srcdoc = JSON.parse($("map-shell").textContent);  // the page's own copy of map.html, assets inlined
    var linkedEvent = function () {
      var linked = /^#event=(.+)$/.exec(window.location.hash);
      try { return linked ? decodeURIComponent(linked[1]) : null; } catch (e) { return null; }  // malformed: none
    };
    args.selected = linkedEvent() || args.selected;  // unknown: event 1
    onArgs(args);
    // Another #event= link followed on the same page (or Back): go there.
    window.addEventListener("hashchange", function () {
      var id = linkedEvent();
      if (id && id !== state.current && state.cards.has(id)) { setPlaying(false); go(id); }
    });
  } else {
    send("streamlit:componentReady", { apiVersion: 1 });
  }
})();
