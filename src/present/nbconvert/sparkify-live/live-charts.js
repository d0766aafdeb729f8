/* Draws every chart of an exported notebook live with plotly.js, from the figure next to its PNG; the PNG is
 * hidden once the chart is drawn (and stays the chart when JavaScript is off or drawing fails). */
(function () {
  'use strict';
  document.querySelectorAll('.sparkify-live-chart').forEach(function (chart) {
    var figure = JSON.parse(chart.querySelector('script.sparkify-figure').textContent);
    var plot = chart.querySelector('.sparkify-plot');
    Plotly.newPlot(plot, figure.data, figure.layout, { displaylogo: false, displayModeBar: false }).then(
      function () { chart.classList.add('drawn'); },
      function (err) { console.error('chart not drawn, showing its image: ' + err); },
    );
  });
})();
