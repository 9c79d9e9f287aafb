/* A "Print" button (data-print), enabled once this script runs: no inline script under the CSP. */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.disabled = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
