// Refill the position list when the unit changes (positions of the unit and of the units above it).
(function () {
  const script = document.currentScript;
  const unit = document.getElementById("unit_id");
  const position = document.getElementById("position_id");
  if (!unit || !position) return;
  unit.addEventListener("change", async function () {
    const response = await fetch(script.dataset.optionsUrl + "?unit=" + encodeURIComponent(unit.value),
                                 {credentials: "same-origin"});
    if (!response.ok) return;
    const options = await response.json();
    position.replaceChildren(...options.map(function (item) {
      const option = document.createElement("option");
      option.value = item.id;
      option.textContent = item.label;
      return option;
    }));
  });
})();
