/* Dashboards: each chart is drawn from the table beside it (the table is the source, so screen
   readers and print get the same figures), and the map loads the layers listed under it. */
(function () {
  "use strict";

  var PALETTE = ["#0d6efd", "#fd7e14", "#198754", "#6f42c1", "#dc3545", "#20c997", "#6c757d",
    "#d63384", "#ffc107", "#0dcaf0", "#495057", "#8540f5", "#a4000f", "#146c43", "#984c0c"];
  var DOSE = { red: "#dc3545", amber: "#fd7e14", green: "#198754" };

  function number(cell) {
    var value = parseFloat(cell.getAttribute("data-value"));
    return isNaN(value) ? 0 : value;
  }

  function drawChart(canvas) {
    var table = document.getElementById(canvas.getAttribute("data-chart-for"));
    if (!table || !window.Chart) {
      return;
    }
    var kind = table.getAttribute("data-chart");
    var columns = (table.getAttribute("data-chart-columns") || "").split(",").filter(Boolean).map(Number);
    var headers = Array.prototype.map.call(table.tHead.rows[0].cells, function (c) { return c.textContent.trim(); });
    var rows = Array.prototype.filter.call(table.tBodies[0].rows, function (r) { return r.cells.length > 1; });
    var labels = rows.map(function (r) { return r.cells[0].textContent.trim(); });
    var datasets = columns.map(function (index, i) {
      var colour = PALETTE[i % PALETTE.length];
      return {
        label: headers[index],
        data: rows.map(function (r) { return number(r.cells[index]); }),
        backgroundColor: colour,
        borderColor: colour,
        fill: false,
      };
    });
    var stacked = kind === "stacked";
    new window.Chart(canvas, {
      type: kind === "line" ? "line" : "bar",
      data: { labels: labels, datasets: datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: { x: { stacked: stacked }, y: { stacked: stacked, beginAtZero: true } },
      },
    });
    canvas.setAttribute("data-chart-ready", "");
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then(function (r) {
      if (!r.ok) {
        throw new Error("map data " + r.status);
      }
      return r.json();
    });
  }

  function popup(props) {
    var box = document.createElement("div");
    var title = document.createElement(props.url ? "a" : "strong");
    if (props.url) {
      title.href = props.url;
    }
    title.textContent = props.name || "";
    box.appendChild(title);
    var detail = props.detail;
    if (!detail && props.target !== undefined) {
      detail = props.minutes + " / " + props.target + " min (" + props.percent_met + "%)";
    }
    if (detail) {
      var line = document.createElement("div");
      line.textContent = detail;
      box.appendChild(line);
    }
    return box;
  }

  function layerFor(kind, data) {
    if (kind === "points") {
      return L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          var n = feature.properties.count || 1;
          return L.circleMarker(latlng, { radius: Math.min(4 + Math.sqrt(n) * 2, 16), color: "#a4000f", weight: 1, fillOpacity: 0.6 });
        },
        onEachFeature: function (feature, l) { l.bindPopup(popup(feature.properties)); },
      });
    }
    if (kind === "dose") {
      var colour = function (feature) { return DOSE[feature.properties.colour] || "#6c757d"; };
      return L.geoJSON(data, {
        style: function (feature) { return { color: colour(feature), fillColor: colour(feature), weight: 2, fillOpacity: 0.35 }; },
        pointToLayer: function (feature, latlng) {
          return L.circle(latlng, { radius: feature.properties.radius_m || 50, color: colour(feature), fillColor: colour(feature), fillOpacity: 0.35 });
        },
        onEachFeature: function (feature, l) { l.bindPopup(popup(feature.properties)); },
      });
    }
    return L.geoJSON(data, {
      style: { color: "#0d6efd", weight: 2, fillOpacity: 0.05 },
      onEachFeature: function (feature, l) { l.bindPopup(popup(feature.properties)); },
    });
  }

  function drawMap(element) {
    if (!window.L) {
      return;
    }
    var map = L.map(element, { zoomSnap: 0.5 }).setView([51.5145, -0.093], 14);
    var tiles = element.getAttribute("data-tile-url");
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 19, attribution: element.getAttribute("data-attribution") || "" }).addTo(map);
    }
    var bounds = L.latLngBounds([]);
    var items = document.querySelectorAll("[data-layer-url]");
    var loads = Array.prototype.map.call(items, function (item) {
      return getJSON(item.getAttribute("data-layer-url")).then(function (data) {
        var layer = layerFor(item.getAttribute("data-layer-kind"), data).addTo(map);
        item.setAttribute("data-features", String(data.features.length));
        if (layer.getBounds && layer.getBounds().isValid()) {
          bounds.extend(layer.getBounds());
        }
      });
    });
    Promise.all(loads).then(function () {
      if (bounds.isValid()) {
        map.fitBounds(bounds, { padding: [10, 10], animate: false });
      }
      element.setAttribute("data-map-ready", "");
    }).catch(function () {
      element.setAttribute("data-map-error", "");
    });
  }

  document.querySelectorAll("canvas[data-chart-for]").forEach(drawChart);
  document.querySelectorAll("[data-dashboard-map]").forEach(drawMap);
})();
