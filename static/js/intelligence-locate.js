// "Use my location" on the intelligence report form: fills the optional map point.
(function () {
  "use strict";
  var button = document.querySelector("[data-locate]");
  var status = document.querySelector("[data-locate-status]");
  if (!button) {
    return;
  }
  button.addEventListener("click", function () {
    if (!("geolocation" in navigator)) {
      status.textContent = "This browser cannot give a location: type it instead.";
      return;
    }
    status.textContent = "Finding your location…";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        document.getElementById("id_latitude").value = position.coords.latitude.toFixed(6);
        document.getElementById("id_longitude").value = position.coords.longitude.toFixed(6);
        status.textContent = "Location added.";
      },
      function () {
        status.textContent = "No location available: type where it happened instead.";
      },
      { enableHighAccuracy: true, timeout: 15000 }
    );
  });
})();
