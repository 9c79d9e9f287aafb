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

  // The thumb bar is fixed at the foot of the screen: the page keeps as much room below its
  // content (pcso.css: body padding, scroll padding), measured again whenever the bar changes
  // size (a status line, Welsh words that wrap, a hotspot left).
  var bar = document.querySelector("[data-thumb-bar]");
  if (bar) {
    var measure = function () {
      document.documentElement.style.setProperty("--thumb-bar-height", bar.offsetHeight + "px");
    };
    measure();
    if ("ResizeObserver" in window) {
      new ResizeObserver(measure).observe(bar);
    }
  }

  var locate = document.querySelector("[data-locate]");
  var status = document.querySelector("[data-locate-status]");
  // The words come from the page (data-text-*), in the officer's language.
  var say = function (name) {
    if (status) {
      status.textContent = status.getAttribute("data-text-" + name);
    }
  };
  if (locate) {
    // The button starts disabled in the page, so it cannot be pressed before this script runs.
    if ("geolocation" in navigator) {
      locate.disabled = false;
    } else {
      say("unsupported");
    }
    locate.addEventListener("click", function () {
      locate.disabled = true;
      var before = status ? status.textContent : "";
      say("finding");
      navigator.geolocation.getCurrentPosition(
        function (position) {
          window.pcsoPatrolPoints
            .post(position.coords.latitude, position.coords.longitude, "gps")
            .then(function (body) {
              // Kept on the phone without signal: the outbox's banner says so; the count stays.
              if (!body && status) {
                status.textContent = before;
              }
            })
            .catch(function () {
              say("failed");
            })
            .finally(function () {
              locate.disabled = false;
            });
        },
        function () {
          locate.disabled = false;
          say("denied");
        },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 }
      );
    });
  }
})();
