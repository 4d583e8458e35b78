// medmaas console: the charts of a page, drawn from its data-* attributes (no inline script).
(function () {
  "use strict";

  function requestsChart(canvas) {
    var labels = JSON.parse(canvas.dataset.labels);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: labels,
        datasets: [
          { label: "Answered", data: JSON.parse(canvas.dataset.succeeded), backgroundColor: "#0b5cad" },
          { label: "Failed", data: JSON.parse(canvas.dataset.failed), backgroundColor: "#a61b1b" }
        ]
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  }

  function drawCharts(root) {
    if (!window.Chart) {
      return;
    }
    root.querySelectorAll("canvas[data-chart=requests]").forEach(requestsChart);
  }

  document.addEventListener("DOMContentLoaded", function () {
    // htmx notes the page's address in sessionStorage as it loads (its history is off here):
    // nothing of the console stays in the browser's storage
    try { window.sessionStorage.removeItem("htmx-current-path-for-history"); } catch (e) { /* none */ }
    drawCharts(document);
  });
})();
