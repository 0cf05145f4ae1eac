// A rater's form: the level the ticked indicators support is recomputed as boxes are ticked, with the rule
// the server applies (competencies/appraisals/rules.py, suggested_level): the highest level whose indicators
// are more than half observed, every lower level with indicators included; levels without indicators are
// skipped; none when the competency has no indicators at all. The "wajib" marks of the justification and the
// evidence note follow the chosen level (static/js/confirm.js asks before a data-confirm button sends the form).
// Without JavaScript the server shows the same suggestion after saving, and refuses what the rules refuse.
(function () {
  "use strict";

  function suggestedLevel(indicatorsByLevel, seen) {
    var levels = Object.keys(indicatorsByLevel).map(Number).sort(function (a, b) { return a - b; });
    var suggestion = null;
    for (var i = 0; i < levels.length; i += 1) {
      var ids = indicatorsByLevel[levels[i]];
      if (!ids.length) { continue; }
      var observed = ids.filter(function (id) { return seen[id]; }).length;
      if (2 * observed <= ids.length) { return suggestion === null ? 0 : suggestion; }
      suggestion = levels[i];
    }
    return suggestion;
  }

  function optionText(select, value) {
    for (var i = 0; i < select.options.length; i += 1) {
      if (select.options[i].value === String(value)) { return select.options[i].text; }
    }
    return String(value);
  }

  function refresh(item) {
    var seen = {};
    item.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) { seen[box.value] = true; });
    var suggestion = suggestedLevel(JSON.parse(item.getAttribute("data-indicators")), seen);
    var select = item.querySelector("select");
    var output = item.querySelector("[data-suggested]");
    output.textContent = suggestion === null ? output.getAttribute("data-none-text") : optionText(select, suggestion);
    var chosen = select.value === "" ? null : parseInt(select.value, 10);
    var required = parseInt(item.getAttribute("data-required"), 10);
    item.querySelector("[data-hint=justification]").hidden = chosen === null || chosen === suggestion;
    item.querySelector("[data-hint=evidence]").hidden = chosen === null || chosen <= required;
  }

  document.querySelectorAll("[data-rating-item]").forEach(function (item) {
    item.addEventListener("change", function () { refresh(item); });
    refresh(item);
  });

}());
