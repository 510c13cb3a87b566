// Draws every chart of the report from the JSON embedded in the page, with ECharts' SVG renderer
// (the drawn chart is in the DOM, and prints sharp). No animation: the page is complete once loaded.
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var font = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif';
  var charts = [];
  data.charts.forEach(function (c) {
    var el = document.getElementById(c.id);
    try {
      var chart = echarts.init(el, null, { renderer: 'svg' });
      var series = c.series.map(function (s, i) {
        var out = { name: s.name, type: c.kind, data: s.values, connectNulls: false };
        if (i === 0 && c.threshold !== null) {
          out.markLine = { symbol: 'none', silent: true, lineStyle: { color: '#c0392b', type: 'dashed' },
            label: { formatter: c.thresholdLabel, position: 'insideEndTop' }, data: [{ yAxis: c.threshold }] };
        }
        return out;
      });
      chart.setOption({
        animation: false,
        textStyle: { fontFamily: font },
        title: { text: c.title, left: 'center', textStyle: { fontSize: 14 } },
        tooltip: { trigger: 'axis' },
        legend: { bottom: 0 },
        // Many or long (Chinese) category names: slanted, with the grid making room for them.
        grid: { left: 16, right: 24, top: 40, bottom: 40, containLabel: true },
        xAxis: { type: 'category', data: c.categories, axisLabel: { interval: 0, rotate: c.categories.length > 5 ? 30 : 0 } },
        yAxis: { type: 'value', scale: c.kind === 'line' },
        series: series
      });
      charts.push(chart);
      el.setAttribute('data-drawn', 'true');
    } catch (e) {
      console.error('chart ' + c.id + ': ' + e);
    }
  });
  // Printing changes the page width: fit the charts to it.
  window.addEventListener('beforeprint', function () { charts.forEach(function (ch) { ch.resize(); }); });
  window.addEventListener('afterprint', function () { charts.forEach(function (ch) { ch.resize(); }); });
  document.body.setAttribute('data-charts', String(charts.length));
})();
