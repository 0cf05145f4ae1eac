// Tables that are wider than their box scroll sideways inside .table-responsive, for every page (templates/base.html
// loads it): a table of the page that is wider than its place and not yet in a scrolling box gets one (so the page
// itself never scrolls sideways on a phone). Such a box becomes a named, focusable region, so that keyboard users can reach it and scroll it with
// the arrow keys and screen reader users hear what it holds (WCAG 2.1.1; axe's scrollable-region-focusable). Its
// name is the table's own (aria-labelledby, aria-label, caption) or else the heading above it. A box that does
// not scroll gets no tab stop; the check runs again when the window's width changes.
(function () {
  "use strict";

  var count = 0;

  function idOf(element) {
    if (!element.id) { count += 1; element.id = "scroll-region-label-" + count; }
    return element.id;
  }

  function headingBefore(element) {
    var headings = document.querySelectorAll("main h1, main h2, main h3, main h4, main h5, main h6");
    var found = null;
    headings.forEach(function (heading) {
      if (heading.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING) { found = heading; }
    });
    return found;
  }

  function name(region) {
    if (region.hasAttribute("aria-label") || region.hasAttribute("aria-labelledby")) { return; }
    region.dataset.scrollRegion = "named";
    var table = region.querySelector("table");
    if (table && table.hasAttribute("aria-labelledby")) {
      region.setAttribute("aria-labelledby", table.getAttribute("aria-labelledby"));
    } else if (table && table.hasAttribute("aria-label")) {
      region.setAttribute("aria-label", table.getAttribute("aria-label"));
    } else if (table && table.caption) {
      region.setAttribute("aria-labelledby", idOf(table.caption));
    } else {
      var heading = headingBefore(region);
      if (heading) { region.setAttribute("aria-labelledby", idOf(heading)); }
    }
  }

  function inScrollingBox(table) {
    for (var node = table.parentElement; node && node.tagName !== "MAIN"; node = node.parentElement) {
      var overflow = window.getComputedStyle(node).overflowX;
      if (overflow === "auto" || overflow === "scroll") { return true; }
    }
    return false;
  }

  function boxWideTables() {
    document.querySelectorAll("main table").forEach(function (table) {
      if (table.offsetWidth <= table.parentElement.clientWidth + 1 || inScrollingBox(table)) { return; }
      var box = document.createElement("div");
      box.className = "table-responsive";
      table.parentElement.insertBefore(box, table);
      box.appendChild(table);
    });
  }

  function mark() {
    boxWideTables();
    document.querySelectorAll(".table-responsive").forEach(function (region) {
      var scrolls = region.scrollWidth > region.clientWidth + 1;
      if (scrolls && !region.hasAttribute("tabindex")) {
        region.setAttribute("tabindex", "0");
        region.setAttribute("role", "region");
        region.dataset.scrollRegion = "";
        name(region);
      } else if (!scrolls && "scrollRegion" in region.dataset) {
        if (region.dataset.scrollRegion === "named") {
          region.removeAttribute("aria-label");
          region.removeAttribute("aria-labelledby");
        }
        ["tabindex", "role", "data-scroll-region"].forEach(function (attribute) { region.removeAttribute(attribute); });
      }
    });
  }

  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(mark, 150);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
}());
