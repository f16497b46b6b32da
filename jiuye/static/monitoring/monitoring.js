// Indicator dashboards: sparklines on the overview; map, ranking and trend on an indicator page.
// Data comes from the JSON the page embeds (suppressed cells arrive as null, never as a value).
(function () {
  "use strict";
  var BLUE = "#1f5fa8";
  var GREY = "#8a8f98";

  function json(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function init(el) {
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  function fmt(data, v) {
    if (v === null || v === undefined) { return "—"; }
    return data.percent ? v.toFixed(1) + "%" : (Math.abs(v) >= 100 ? Math.round(v).toLocaleString() : String(Math.round(v * 100) / 100));
  }

  function sparklines() {
    var data = json("spark-data");
    if (!data) { return; }
    document.querySelectorAll("[data-spark]").forEach(function (el) {
      var values = data.values[el.getAttribute("data-spark")] || [];
      if (!values.some(function (v) { return v !== null; })) { return; }
      init(el).setOption({
        animation: false,
        grid: { left: 2, right: 2, top: 4, bottom: 4 },
        xAxis: { type: "category", data: data.months, show: false },
        yAxis: { type: "value", show: false, scale: true },
        tooltip: { trigger: "axis", confine: true },
        series: [{ type: "line", data: values, symbol: "none", connectNulls: false, lineStyle: { width: 1.5, color: BLUE }, areaStyle: { opacity: 0.08, color: BLUE } }]
      });
    });
  }

  function visualMap(data, values, dimension) {
    var shown = values.filter(function (v) { return v !== null; });
    if (!shown.length) { return null; }
    var low = Math.min.apply(null, shown), high = Math.max.apply(null, shown);
    if (low === high) { high = low + 1; }
    // Darker is better: invert the ramp when lower is better.
    var ramp = ["#dbe8f6", "#7fa8d8", "#1f5fa8"];
    if (data.higherIsBetter === false) { ramp = ramp.slice().reverse(); }
    var vm = { type: "continuous", min: low, max: high, left: 8, bottom: 8, calculable: false, inRange: { color: ramp },
      text: [fmt(data, high), fmt(data, low)],
      formatter: function (v) { return fmt(data, v); } };
    if (dimension !== undefined) { vm.dimension = dimension; }
    return vm;
  }

  function tooltip(data, byCode) {
    return function (p) {
      var area = byCode[p.name] || (p.data && byCode[p.data.code]);
      if (!area) { return p.name; }
      return area.name + ": " + (area.note ? "— (" + area.note + ")" : area.text);
    };
  }

  function drillOnClick(chart, byCode) {
    chart.on("click", function (p) {
      var area = byCode[p.name] || (p.data && byCode[p.data.code]);
      if (area && area.url) { window.location.href = area.url; }
    });
  }

  function map(data, byCode) {
    var el = document.getElementById("mon-map");
    if (!el || !data.geoUrl) { return; }
    fetch(data.geoUrl, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (geo) {
      if (!geo) { return; }
      var chart;
      if (geo.features.length) {
        window.echarts.registerMap("areas", geo);
        chart = init(el);
        chart.setOption({
          aria: { enabled: true },
          tooltip: { trigger: "item", formatter: tooltip(data, byCode) },
          visualMap: visualMap(data, data.areas.map(function (a) { return a.value; })) || undefined,
          series: [{ type: "map", map: "areas", roam: true, emphasis: { label: { show: false } },
            itemStyle: { areaColor: "#eeeeee", borderColor: "#ffffff" },
            data: data.areas.map(function (a) { return { name: a.code, code: a.code, value: a.value }; }) }]
        });
        drillOnClick(chart, byCode);
      } else if (geo.points.length) {
        var points = geo.points.map(function (p) {
          var area = byCode[p.code] || {};
          return { name: p.code, code: p.code, value: [p.lon, p.lat, area.value === undefined ? null : area.value] };
        });
        var vm = visualMap(data, points.map(function (p) { return p.value[2]; }), 2);
        var series = { type: "scatter", data: points, symbolSize: 16, itemStyle: { color: GREY, borderColor: "#fff" },
          label: { show: true, position: "right", formatter: function (p) { return (byCode[p.name] || {}).name || p.name; }, fontSize: 11 } };
        var option = { aria: { enabled: true }, tooltip: { trigger: "item", formatter: tooltip(data, byCode) }, visualMap: vm || undefined };
        if (geo.outline) {
          window.echarts.registerMap("outline", geo.outline);
          option.geo = { map: "outline", roam: true, itemStyle: { areaColor: "#f4f6f8", borderColor: "#9aa5b1" } };
          series.coordinateSystem = "geo";
        } else {
          option.grid = { left: 8, right: 8, top: 8, bottom: 40, containLabel: true };
          option.xAxis = { type: "value", scale: true, name: "lon" };
          option.yAxis = { type: "value", scale: true, name: "lat" };
        }
        option.series = [series];
        chart = init(el);
        chart.setOption(option);
        drillOnClick(chart, byCode);
      } else {
        el.parentNode.hidden = true;
      }
    }).catch(function () { /* the ranking and the table hold the same figures */ });
  }

  function ranking(data, byCode) {
    var el = document.getElementById("mon-ranking");
    if (!el) { return; }
    var shown = data.areas.filter(function (a) { return a.value !== null; });
    shown.sort(function (a, b) { return data.higherIsBetter === false ? a.value - b.value : b.value - a.value; });
    shown.reverse(); // ECharts draws the first category at the bottom
    el.style.height = Math.max(240, 28 * shown.length + 60) + "px";
    var chart = init(el);
    chart.setOption({
      aria: { enabled: true },
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "item", formatter: function (p) { var a = shown[p.dataIndex]; return a.name + ": " + a.text; } },
      xAxis: { type: "value", axisLabel: { formatter: function (v) { return fmt(data, v); } } },
      yAxis: { type: "category", data: shown.map(function (a) { return a.name; }) },
      series: [{ type: "bar", data: shown.map(function (a) { return { value: a.value, code: a.code }; }), itemStyle: { color: BLUE },
        label: { show: true, position: "right", formatter: function (p) { return shown[p.dataIndex].text; } } }]
    });
    chart.on("click", function (p) { var a = shown[p.dataIndex]; if (a && a.url) { window.location.href = a.url; } });
  }

  function trend(data) {
    var el = document.getElementById("mon-trend");
    if (!el || !data.trend.months.length) { return; }
    init(el).setOption({
      aria: { enabled: true },
      color: [BLUE, GREY],
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return fmt(data, v); } },
      xAxis: { type: "category", data: data.trend.months },
      yAxis: { type: "value", scale: true, axisLabel: { formatter: function (v) { return fmt(data, v); } } },
      series: data.trend.series.map(function (s, i) {
        return { name: s.name, type: "line", data: s.data, connectNulls: false, lineStyle: i ? { type: "dashed" } : {} };
      })
    });
  }

  function indicatorPage() {
    var data = json("indicator-data");
    if (!data) { return; }
    var byCode = {};
    data.areas.forEach(function (a) { byCode[a.code] = a; });
    map(data, byCode);
    ranking(data, byCode);
    trend(data);
  }

  function start() {
    if (!window.echarts) { return; }
    sparklines();
    indicatorPage();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
