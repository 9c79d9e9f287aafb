/* The running patrol page: the elapsed time, and the officer's location when they allow it. */
(function () {
  "use strict";

  var elapsed = document.querySelector("[data-elapsed]");
  if (elapsed) {
    var started = new Date(elapsed.getAttribute("data-started-at"));
    var show = function () {
      var seconds = Math.max(0, Math.floor((Date.now() - started.getTime()) / 1000));
      var h = Math.floor(seconds / 3600);
      var m = Math.floor((seconds % 3600) / 60);
      var s = seconds % 60;
      elapsed.textContent = h + ":" + String(m).padStart(2, "0") + ":" + String(s).padStart(2, "0");
    };
    show();
    window.setInterval(show, 1000);
  }

  var locate = document.querySelector("[data-locate]");
  var status = document.querySelector("[data-locate-status]");
  if (locate) {
    // The button starts disabled in the page, so it cannot be pressed before this script runs.
    if ("geolocation" in navigator) {
      locate.disabled = false;
    } else if (status) {
      status.textContent = "This browser cannot share its location; tap the map instead.";
    }
    locate.addEventListener("click", function () {
      locate.disabled = true;
      if (status) {
        status.textContent = "Finding you…";
      }
      navigator.geolocation.getCurrentPosition(
        function (position) {
          window.pcsoPatrolPoints
            .post(position.coords.latitude, position.coords.longitude, "gps")
            .catch(function () {
              if (status) {
                status.textContent = "The location could not be saved.";
              }
            })
            .finally(function () {
              locate.disabled = false;
            });
        },
        function () {
          locate.disabled = false;
          if (status) {
            status.textContent = "Location not shared. You can tap the map instead.";
          }
        },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 }
      );
    });
  }
})();
