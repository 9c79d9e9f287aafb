// "Use my location" on the intelligence report form: fills the optional map point.
(function () {
  "use strict";
  var button = document.querySelector("[data-locate]");
  var status = document.querySelector("[data-locate-status]");
  if (!button) {
    return;
  }
  // The words come from the page (data-text-*), in the officer's language.
  var say = function (name) {
    status.textContent = status.getAttribute("data-text-" + name);
  };
  button.addEventListener("click", function () {
    if (!("geolocation" in navigator)) {
      say("unsupported");
      return;
    }
    say("finding");
    navigator.geolocation.getCurrentPosition(
      function (position) {
        document.getElementById("id_latitude").value = position.coords.latitude.toFixed(6);
        document.getElementById("id_longitude").value = position.coords.longitude.toFixed(6);
        say("added");
      },
      function () {
        say("none");
      },
      { enableHighAccuracy: true, timeout: 15000 }
    );
  });
})();
