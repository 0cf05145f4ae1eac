// Level selects follow the chosen competency's framework: the options become that scale's levels
// ("3 – Mahir"). Without JavaScript every level up to the longest scale is offered and the server refuses a
// level outside the chosen competency's scale, naming the scale.
(function () {
  "use strict";
  var data = document.getElementById("framework-scales");
  if (!data) { return; }
  var scales = JSON.parse(data.textContent);

  function label(number, text) {
    return text && text !== String(number) ? number + " – " + text : String(number);
  }

  function follow(competencySelect, levelSelect) {
    var option = competencySelect.options[competencySelect.selectedIndex];
    var scale = option ? scales[option.getAttribute("data-framework")] : null;
    if (!scale) { return; }
    var current = parseInt(levelSelect.value, 10);
    levelSelect.innerHTML = "";
    scale.forEach(function (text, index) {
      var item = document.createElement("option");
      item.value = String(index + 1);
      item.textContent = label(index + 1, text);
      levelSelect.appendChild(item);
    });
    if (current >= 1 && current <= scale.length) { levelSelect.value = String(current); }
  }

  document.querySelectorAll("form").forEach(function (form) {
    var competencySelect = form.querySelector("#competency_id, #required_id");
    var levelSelect = form.querySelector("#level");
    if (!competencySelect || !levelSelect) { return; }
    competencySelect.addEventListener("change", function () { follow(competencySelect, levelSelect); });
    follow(competencySelect, levelSelect);
  });
}());
