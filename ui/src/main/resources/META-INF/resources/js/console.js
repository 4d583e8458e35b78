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

  function attributionsChart(canvas) {
    var values = JSON.parse(canvas.dataset.values);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: JSON.parse(canvas.dataset.labels),
        datasets: [{
          label: "Contribution (positive raises the answer)",
          data: values,
          backgroundColor: values.map(function (v) { return v >= 0 ? "#a61b1b" : "#0b5cad"; })
        }]
      },
      options: { indexAxis: "y", maintainAspectRatio: false, animation: false }
    });
  }

  // the picture as the model saw it (grey levels), its saliency grid over it in red
  function saliencyChart(canvas) {
    var pixels = JSON.parse(canvas.dataset.pixels);
    var grid = JSON.parse(canvas.dataset.saliency);
    var cell = parseInt(canvas.dataset.cell, 10);
    var ctx = canvas.getContext("2d");
    var scale = canvas.width / pixels[0].length;
    pixels.forEach(function (row, y) {
      row.forEach(function (grey, x) {
        ctx.fillStyle = "rgb(" + grey + "," + grey + "," + grey + ")";
        ctx.fillRect(x * scale, y * scale, scale, scale);
      });
    });
    var max = 0;
    grid.forEach(function (row) { row.forEach(function (v) { max = Math.max(max, Math.abs(v)); }); });
    grid.forEach(function (row, r) {
      row.forEach(function (v, c) {
        ctx.fillStyle = "rgba(200,0,0," + (max > 0 ? 0.6 * Math.abs(v) / max : 0) + ")";
        ctx.fillRect(c * cell * scale, r * cell * scale, cell * scale, cell * scale);
      });
    });
  }

  // mean time to answer per day (a line, left axis); instances per day and the daily quota (right)
  function latencyChart(canvas) {
    var labels = JSON.parse(canvas.dataset.labels);
    var quota = parseInt(canvas.dataset.quota, 10);
    new window.Chart(canvas, {
      data: {
        labels: labels,
        datasets: [
          { type: "line", label: "Mean time to answer (ms)", data: JSON.parse(canvas.dataset.latency), borderColor: "#0b5cad", yAxisID: "ms" },
          { type: "bar", label: "Instances", data: JSON.parse(canvas.dataset.instances), backgroundColor: "#7d8b99", yAxisID: "n" },
          { type: "line", label: "Daily quota", data: labels.map(function () { return quota; }), borderColor: "#a61b1b", borderDash: [6, 4], pointRadius: 0, yAxisID: "n" }
        ]
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: {
          ms: { position: "left", beginAtZero: true },
          n: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false } }
        }
      }
    });
  }

  function drawCharts(root) {
    root.querySelectorAll("canvas[data-chart=saliency]").forEach(saliencyChart);
    if (!window.Chart) {
      return;
    }
    root.querySelectorAll("canvas[data-chart=requests]").forEach(requestsChart);
    root.querySelectorAll("canvas[data-chart=attributions]").forEach(attributionsChart);
    root.querySelectorAll("canvas[data-chart=latency]").forEach(latencyChart);
  }

  // "fill in the training means": each empty field takes its hint
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-fill-hints]");
    if (!button) {
      return;
    }
    button.form.querySelectorAll("input[type=number]").forEach(function (input) {
      if (input.value === "") { input.value = input.placeholder; }
    });
  });

  // a "copy" button copies the value of the field it names, and says so
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) {
      return;
    }
    var field = document.getElementById(button.dataset.copy);
    var said = document.getElementById("copied");
    field.select();
    var done = function () { if (said) { said.textContent = "Copied."; } };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        if (said) { said.textContent = "Selected: press Ctrl+C to copy."; }
      });
    } else if (said) {
      said.textContent = "Selected: press Ctrl+C to copy.";
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    // htmx notes the page's address in sessionStorage as it loads (its history is off here):
    // nothing of the console stays in the browser's storage
    try { window.sessionStorage.removeItem("htmx-current-path-for-history"); } catch (e) { /* none */ }
    drawCharts(document);
  });
})();
