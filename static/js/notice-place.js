/* The optional map point of a penalty notice: a tap on the map or the phone's location fills the
   hidden latitude and longitude; "Clear point" empties them. */
(function () {
  "use strict";

  var LONDON = [51.5145, -0.093];
  var lat = document.querySelector("[data-notice-lat]");
  var lon = document.querySelector("[data-notice-lon]");
  var status = document.querySelector("[data-notice-point]");
  var element = document.querySelector("[data-notice-map]");
  var locate = document.querySelector("[data-notice-locate]");
  var clear = document.querySelector("[data-notice-clear]");
  if (!lat || !lon) {
    return;
  }
  function text(name) {
    return (status && status.getAttribute("data-text-" + name)) || "";
  }
  var map = null;
  var marker = null;

  function show(latitude, longitude, text) {
    if (map) {
      if (marker) {
        marker.setLatLng([latitude, longitude]);
      } else {
        marker = L.circleMarker([latitude, longitude], { radius: 9, color: "#0d6efd" }).addTo(map);
      }
    }
    if (status) {
      status.textContent = text;
    }
  }

  function set(latitude, longitude, text) {
    lat.value = latitude.toFixed(6);
    lon.value = longitude.toFixed(6);
    show(latitude, longitude, text);
  }

  if (element && window.L) {
    map = L.map(element, { zoomSnap: 0.5 }).setView(LONDON, 15);
    var tiles = element.getAttribute("data-tile-url");
    if (tiles) {
      L.tileLayer(tiles, { attribution: element.getAttribute("data-attribution") || "", maxZoom: 19 }).addTo(map);
    }
    map.on("click", function (event) {
      set(event.latlng.lat, event.latlng.lng, text("map"));
    });
    if (lat.value && lon.value) {
      var start = [parseFloat(lat.value), parseFloat(lon.value)];
      map.setView(start, 16);
      show(start[0], start[1], text("set"));
    }
    element.setAttribute("data-map-ready", "");
  }
  if (locate && navigator.geolocation) {
    locate.disabled = false;
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(
        function (position) {
          set(position.coords.latitude, position.coords.longitude, text("location"));
          if (map) {
            map.setView([position.coords.latitude, position.coords.longitude], 16);
          }
        },
        function () {
          if (status) {
            status.textContent = text("failed");
          }
        },
        { enableHighAccuracy: true, timeout: 10000 }
      );
    });
  }
  if (clear) {
    clear.disabled = false;
    clear.addEventListener("click", function () {
      lat.value = "";
      lon.value = "";
      if (marker) {
        marker.remove();
        marker = null;
      }
      if (status) {
        status.textContent = text("none");
      }
    });
  }
})();
