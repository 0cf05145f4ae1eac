// The radar chart of the "Kesenjangan Kompetensi" page: required against current level per competency, drawn
// with the vendored Chart.js from the JSON embedded in the page (#gap-chart-data). The chart is aria-hidden:
// the table beside it carries the same figures for everyone.
(function () {
  "use strict";
  var canvas = document.getElementById("gap-radar");
  var source = document.getElementById("gap-chart-data");
  if (!canvas || !source || typeof Chart !== "function") { return; }
  var data = JSON.parse(source.textContent);
  if (!data.labels.length) { return; }
  new Chart(canvas, {
    type: "radar",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.requiredLabel, data: data.required, borderColor: "rgb(13, 110, 253)",
          backgroundColor: "rgba(13, 110, 253, 0.12)", pointRadius: 2 },
        { label: data.currentLabel, data: data.current, borderColor: "rgb(25, 135, 84)",
          backgroundColor: "rgba(25, 135, 84, 0.25)", pointRadius: 2 }
      ]
    },
    options: {
      animation: false,
      scales: { r: { min: 0, max: data.max, ticks: { stepSize: 1 } } },
      plugins: {
        tooltip: { callbacks: { title: function (items) { return data.names[items[0].dataIndex]; } } }
      }
    }
  });
}());
