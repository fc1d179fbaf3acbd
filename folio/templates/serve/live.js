// Live preview client: listens to the server's build events, reloads the page
// when a newer build is ready, and shows report errors in an overlay.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="folio-preview"]');
  var shown = meta ? Number(meta.getAttribute("content")) : 0;
  var SCROLL = "folio-preview-scroll";

  function restoreScroll() {
    var saved = sessionStorage.getItem(SCROLL);
    if (saved !== null) {
      sessionStorage.removeItem(SCROLL);
      window.scrollTo(0, Number(saved));
    }
  }

  function reload() {
    sessionStorage.setItem(SCROLL, String(window.scrollY));
    window.location.reload();
  }

  function hideOverlay() {
    var old = document.getElementById("folio-overlay");
    if (old) old.remove();
  }

  function showOverlay(problems) {
    hideOverlay();
    var template = document.getElementById("folio-overlay-template");
    var overlay = template.content.firstElementChild.cloneNode(true);
    var count = problems.length;
    overlay.querySelector("[data-title]").textContent =
      "The report has " + count + " error" + (count === 1 ? "" : "s");
    var list = overlay.querySelector("[data-problems]");
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.textContent = problem;
      list.appendChild(item);
    });
    overlay.querySelector("[data-close]").addEventListener("click", hideOverlay);
    (document.body || document.documentElement).appendChild(overlay);
  }

  function onStatus(event) {
    var status = JSON.parse(event.data);
    if (status.page > shown) {
      reload();
      return;
    }
    if (status.problems.length) showOverlay(status.problems);
    else hideOverlay();
  }

  function connect() {
    var events = new EventSource("/_folio/events");
    events.addEventListener("status", onStatus);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { restoreScroll(); connect(); });
  } else {
    restoreScroll();
    connect();
  }
})();
