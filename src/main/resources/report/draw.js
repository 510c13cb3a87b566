// Draws every chart of the report from the JSON embedded in the page, with ECharts' SVG renderer
// (the drawn chart is in the DOM, and prints sharp). No animation: the page is complete once loaded.
// The legend sits under the title, above the plot, so it never covers data; a value axis starts at
// zero (a scaled axis magnifies noise); a threshold's label sits right of the plot, off the bars.
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var font = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif';
  var charts = [];
  data.charts.forEach(function (c) {
    var el = document.getElementById(c.id);
    try {
      var chart = echarts.init(el, null, { renderer: 'svg' });
      var series = c.series.map(function (s, i) {
        var out = { name: s.name, type: c.kind, data: s.values, connectNulls: false, symbolSize: 6 };
        if (i === 0 && c.threshold !== null) {
          out.markLine = { symbol: 'none', silent: true, lineStyle: { color: '#c0392b', type: 'dashed' },
            label: { formatter: c.thresholdLabel, position: 'end', fontSize: 10, color: '#c0392b' },
            data: [{ yAxis: c.threshold }] };
        }
        return out;
      });
      var unit = c.unit || '';
      var rotate = c.categories.length > 6 || c.categories.some(function (x) { return x.length > 6; }) ? 30 : 0;
      chart.setOption({
        animation: false,
        textStyle: { fontFamily: font },
        title: { text: c.title, left: 'center', textStyle: { fontSize: 13 } },
        tooltip: { trigger: 'axis' },
        legend: { top: 22, textStyle: { fontSize: 11 } },
        grid: { left: 8, right: c.threshold !== null ? 64 : 16, top: 52, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: c.categories, axisLabel: { interval: 0, rotate: rotate, fontSize: 10 } },
        yAxis: { type: 'value', scale: false, axisLabel: { formatter: '{value}' + unit, fontSize: 10 } },
        series: series
      });
      charts.push(chart);
      el.setAttribute('data-drawn', 'true');
    } catch (e) {
      console.error('chart ' + c.id + ': ' + e);
    }
  });
  document.body.setAttribute('data-charts', String(charts.length));
})();
