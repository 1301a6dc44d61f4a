/* Event cards and route notes, built from data (geo/cards.py event_card / route_card) with text
 * nodes only: no story text is ever parsed as HTML. Loaded by the host page (the card beside the
 * map) and by the map document (popups), so both show one rendering.
 *   StoryCard.event(card, doc)  -> <article class="event-card">
 *   StoryCard.route(card, doc)  -> <article class="route-card">
 * Every text element carries dir="auto": text in another script direction (or an unbalanced
 * bidi control) stays inside its own element and cannot reorder the words around it. */
(function () {
  "use strict";

  function maker(doc) {
    return function el(tag, className, text) {
      var node = doc.createElement(tag);
      if (className) node.className = className;
      if (text !== undefined && text !== null) { node.textContent = String(text); node.dir = "auto"; }
      return node;
    };
  }

  function safeUrl(url) {
    // Only an absolute http(s) address becomes a link: never javascript:, data: or a relative path.
    try { var u = new URL(String(url)); return (u.protocol === "https:" || u.protocol === "http:") ? u.href : ""; }
    catch (e) { return ""; }
  }

  function eventCard(card, doc) {
    var el = maker(doc || document);
    var article = el("article", "event-card");
    article.setAttribute("data-event-id", String(card.id));
    article.lang = "en";
    var meta = el("p", "event-meta");
    meta.appendChild(el("span", "event-number", card.number + " / " + card.total));
    meta.appendChild((doc || document).createTextNode(" · "));
    meta.appendChild(el("span", "event-place", card.place));
    article.appendChild(meta);
    article.appendChild(el("h3", "event-title", card.title));
    article.appendChild(el("p", "event-date", card.date));
    article.appendChild(el("p", "event-summary", card.summary));
    article.appendChild(el("blockquote", "event-quote", card.quote));
    article.appendChild(el("p", "event-speaker", card.speaker));
    article.appendChild(el("p", "event-line", "Article line " + card.line));
    if (card.place_note) article.appendChild(el("p", "event-place-note", "Where: " + card.place_note));
    if (card.questions && card.questions.length) {
      var section = el("section", "event-questions");
      section.setAttribute("aria-label", "Discussion questions");
      var head = el("h4");
      head.appendChild((doc || document).createTextNode("For discussion "));
      head.appendChild(el("span", "teaching-mark", "teaching material, not from the article"));
      section.appendChild(head);
      var ul = el("ul");
      card.questions.forEach(function (q) { ul.appendChild(el("li", "", q)); });
      section.appendChild(ul);
      article.appendChild(section);
    }
    return article;
  }

  function routeCard(card, doc) {
    var el = maker(doc || document);
    var article = el("article", "route-card");
    article.setAttribute("data-route-id", String(card.id));
    article.lang = "en";
    article.appendChild(el("h3", "route-title", card.name));
    article.appendChild(el("p", "route-length", card.length));
    if (card.description) article.appendChild(el("p", "", card.description));
    if (card.source) {
      var p = el("p", "route-source");
      p.appendChild((doc || document).createTextNode("Reported distance: "));
      var href = safeUrl(card.source_url);
      var source = el(href ? "a" : "span", "", card.source);
      if (href) { source.href = href; source.target = "_blank"; source.rel = "noopener noreferrer"; }
      p.appendChild(source);
      article.appendChild(p);
    }
    if (card.parts_note) article.appendChild(el("p", "route-parts", card.parts_note));
    if (card.note) article.appendChild(el("p", "context-note", card.note));
    return article;
  }

  window.StoryCard = { event: eventCard, route: routeCard, safeUrl: safeUrl };
})();
