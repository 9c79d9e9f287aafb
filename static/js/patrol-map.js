/* Maps: neighbourhood boundaries, hotspots coloured by dose, a patrol's points. Tiles only when a
   tile URL is configured; the shapes and points show on a plain background otherwise. */
(function () {
  "use strict";

  var COLOURS = { red: "#dc3545", amber: "#fd7e14", green: "#198754" };
  var LONDON = [51.5145, -0.093];

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then(
      function (response) {
        if (!response.ok) {
          throw new Error("map data " + response.status);
        }
        return response.json();
      }
    );
  }

  function popup(props) {
    var box = document.createElement("div");
    var link = document.createElement(props.url ? "a" : "strong");
    if (props.url) {
      link.href = props.url;
    }
    link.textContent = props.name || "";
    box.appendChild(link);
    if (props.detail) {
      var line = document.createElement("div");
      line.textContent = props.detail; // written by the server, in the officer's language
      box.appendChild(line);
    }
    return box;
  }

  function setUp(element) {
    // No fading: a popup is there at once, fully drawn (a half-faded popup is text too faint to read).
    var map = L.map(element, { zoomSnap: 0.5, fadeAnimation: false }).setView(LONDON, 14);
    var tileUrl = element.getAttribute("data-tile-url");
    if (tileUrl) {
      L.tileLayer(tileUrl, {
        maxZoom: 19,
        attribution: element.getAttribute("data-attribution") || "",
      }).addTo(map);
    }
    var bounds = L.latLngBounds([]);
    var extend = function (layer) {
      if (layer.getBounds) {
        var b = layer.getBounds();
        if (b.isValid()) {
          bounds.extend(b);
        }
      }
    };
    var routeLayer = L.featureGroup().addTo(map);
    var loads = [];
    // On the running patrol page a tap records where the officer is. A shape with a popup would
    // swallow the tap (the popup stops the click reaching the map), so there the neighbourhoods
    // are drawn but not interactive, and a tap on a hotspot records the point and opens its popup.
    var addsPoints = element.hasAttribute("data-add-point") && window.pcsoPatrolPoints;
    var addPoint = function (latlng) {
      window.pcsoPatrolPoints.post(latlng.lat, latlng.lng, "map").catch(function () {});
    };

    var neighbourhoodsUrl = element.getAttribute("data-neighbourhoods-url");
    if (neighbourhoodsUrl) {
      loads.push(
        getJSON(neighbourhoodsUrl).then(function (data) {
          var layer = L.geoJSON(data, {
            style: { color: "#0d6efd", weight: 2, fillOpacity: 0.05 },
            interactive: !addsPoints,
            onEachFeature: function (feature, l) {
              if (!addsPoints) {
                l.bindPopup(popup(feature.properties));
              }
            },
          }).addTo(map);
          extend(layer);
        })
      );
    }
    var hotspotsUrl = element.getAttribute("data-hotspots-url");
    if (hotspotsUrl) {
      loads.push(
        getJSON(hotspotsUrl).then(function (data) {
          var layer = L.geoJSON(data, {
            style: function (feature) {
              var c = COLOURS[feature.properties.colour] || "#6c757d";
              return { color: c, fillColor: c, weight: 2, fillOpacity: 0.35 };
            },
            pointToLayer: function (feature, latlng) {
              var c = COLOURS[feature.properties.colour] || "#6c757d";
              return L.circle(latlng, {
                radius: feature.properties.radius_m || 50,
                color: c,
                fillColor: c,
                fillOpacity: 0.35,
              });
            },
            onEachFeature: function (feature, l) {
              l.bindPopup(popup(feature.properties));
              if (addsPoints) {
                l.on("click", function (event) {
                  addPoint(event.latlng);
                });
              }
            },
          }).addTo(map);
          extend(layer);
        })
      );
    }
    var pointsUrl = element.getAttribute("data-points-url");
    if (pointsUrl) {
      loads.push(
        getJSON(pointsUrl).then(function (data) {
          var layer = L.geoJSON(data, {
            style: { color: "#212529", weight: 3 },
            pointToLayer: function (feature, latlng) {
              return L.circleMarker(latlng, { radius: 6, color: "#212529", fillOpacity: 0.9 });
            },
            onEachFeature: function (feature, l) {
              if (feature.properties.at && !addsPoints) {
                l.bindPopup(feature.properties.at);
              }
            },
          });
          layer.addTo(routeLayer);
          extend(layer);
        })
      );
    }
    Promise.all(loads)
      .then(function () {
        if (routeLayer.getLayers().length && routeLayer.getBounds().isValid() && element.hasAttribute("data-add-point")) {
          map.fitBounds(routeLayer.getBounds(), { maxZoom: 16, padding: [20, 20], animate: false });
        } else if (bounds.isValid()) {
          map.fitBounds(bounds, { padding: [10, 10], animate: false });
        }
        element.setAttribute("data-map-ready", "");
      })
      .catch(function () {
        element.setAttribute("data-map-error", "");
      });

    document.addEventListener("patrol:point", function (event) {
      var latlng = [event.detail.latitude, event.detail.longitude];
      L.circleMarker(latlng, { radius: 6, color: "#212529", fillOpacity: 0.9 }).addTo(routeLayer);
      map.panTo(latlng, { animate: false });
    });

    if (addsPoints) {
      map.on("click", function (event) {
        addPoint(event.latlng);
      });
    }
    element.pcsoMap = map;
  }

  document.querySelectorAll("[data-map]").forEach(setUp);
})();
