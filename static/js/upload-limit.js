/* A file input with data-max-bytes refuses a larger file as soon as it is chosen, with the
   message in data-too-large: the officer is told before the upload starts, not after sending
   megabytes the server stops reading (pcso/limits.py). */
(function () {
  "use strict";
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    var limit = parseInt(input.dataset.maxBytes, 10);
    input.addEventListener("change", function () {
      var tooLarge = Array.prototype.some.call(input.files, function (file) {
        return file.size > limit;
      });
      input.setCustomValidity(tooLarge ? input.dataset.tooLarge : "");
      if (tooLarge) {
        input.reportValidity();
      }
    });
    input.form.addEventListener("submit", function (event) {
      if (!input.checkValidity()) {
        event.preventDefault();
        input.reportValidity();
      }
    });
  });
})();
