/**
 * The script that runs inside report.html (plain ES2017, no modules): draws every chart with
 * uPlot from the embedded JSON, shades fault windows, follows light/dark, and records on <body>
 * how many charts it drew and which were empty, so a headless browser test can check the page.
 */
export const PAGE_SCRIPT = String.raw`
(function () {
  var data = JSON.parse(document.getElementById('chart-data').textContent);
  var errors = [];
  window.addEventListener('error', function (e) { errors.push(String(e.message)); document.body.dataset.errors = errors.join(' | '); });
  var css = getComputedStyle(document.documentElement);
  function v(name) { return css.getPropertyValue(name).trim(); }
  var palette = [v('--c1'), v('--c2'), v('--c3'), v('--c4'), v('--c5')];
  var axisStroke = v('--fg'), gridStroke = v('--grid');

  function shadeFaults(u) {
    if (!data.faults.length) return;
    var ctx = u.ctx;
    ctx.save();
    ctx.fillStyle = v('--fault');
    data.faults.forEach(function (f) {
      var x0 = u.valToPos(f.start, 'x', true), x1 = u.valToPos(f.end, 'x', true);
      ctx.fillRect(x0, u.bbox.top, Math.max(2, x1 - x0), u.bbox.height);
    });
    ctx.restore();
  }

  function axes(yUnit, xTime) {
    return [
      { stroke: axisStroke, grid: { stroke: gridStroke }, ticks: { stroke: gridStroke } },
      { stroke: axisStroke, grid: { stroke: gridStroke }, ticks: { stroke: gridStroke }, label: yUnit, size: 70 },
    ];
  }

  var drawn = 0, empty = [];
  function hasData(series) {
    return series.some(function (s) { return s.values.some(function (x) { return x !== null && x !== undefined && isFinite(x); }); });
  }

  function figure(container, c) {
    var box = document.createElement('figure');
    box.className = 'chart';
    box.id = c.id;
    var h = document.createElement('figcaption');
    h.textContent = c.title;
    box.appendChild(h);
    container.appendChild(box);
    return box;
  }

  function source(box, text) {
    var src = document.createElement('p');
    src.className = 'source';
    src.textContent = 'Source: ' + text;
    box.appendChild(src);
    drawn++;
  }

  function timeChart(container, c) {
    var box = figure(container, c);
    if (!c.x.length || !hasData(c.series)) { empty.push(c.id); box.appendChild(document.createTextNode('no data')); return; }
    var opts = {
      width: Math.min(1100, container.clientWidth || 900), height: 260,
      scales: { x: { time: true } },
      axes: axes(c.unit, true),
      series: [{}].concat(c.series.map(function (s, i) {
        return { label: s.label, stroke: palette[i % palette.length], width: 1.5, dash: s.dashed ? [6, 4] : undefined, spanGaps: false };
      })),
      hooks: { drawClear: [shadeFaults] },
    };
    new uPlot(opts, [c.x].concat(c.series.map(function (s) { return s.values; })), box);
    source(box, c.source);
  }

  function distChart(container, c) {
    var box = figure(container, c);
    if (!hasData(c.series)) { empty.push(c.id); return; }
    new uPlot({
      width: Math.min(1100, container.clientWidth || 900), height: 240,
      scales: { x: { time: false } },
      axes: [{ stroke: axisStroke, grid: { stroke: gridStroke }, label: 'percentile', values: function (u, vals) { return vals.map(function (x) { return x + '%'; }); } },
             { stroke: axisStroke, grid: { stroke: gridStroke }, label: 'ms', size: 70 }],
      series: [{}].concat(c.series.map(function (s, i) { return { label: s.label, stroke: palette[i % palette.length], width: 2, points: { show: true } }; })),
    }, [c.percentiles].concat(c.series.map(function (s) { return s.values; })), box);
    source(box, c.source);
  }

  try {
    var t = document.getElementById('time-charts');
    data.timeCharts.forEach(function (c) { timeChart(t, c); });
    var g = document.getElementById('growth-charts');
    data.growthCharts.forEach(function (c) {
      timeChart(g, c);
      var r = document.createElement('p');
      r.className = 'verdict-' + c.verdict;
      r.textContent = c.verdict + ' (' + c.model + '): ' + c.reason;
      document.getElementById(c.id).appendChild(r);
    });
    var d = document.getElementById('distributions');
    data.distributions.forEach(function (c) { distChart(d, c); });
  } catch (e) {
    errors.push(String(e && e.message || e));
  }
  document.body.dataset.chartsDrawn = String(drawn);
  document.body.dataset.chartsEmpty = empty.join(',');
  document.body.dataset.errors = errors.join(' | ');
  document.body.dataset.render = errors.length ? 'error' : 'ok';
})();
`;
