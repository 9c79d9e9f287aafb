/* Posting a location to a running patrol: shared by the location button and the map tap.
   Through the outbox (assets/outbox.js) when the page has it: a location taken without signal
   waits on the phone with its own key and the time it was taken, and is sent when the network
   is back. Resolves to the server's answer, or to null when the location waits. */
(function () {
  "use strict";

  function answered(response) {
    return response.json().then(function (body) {
      if (!response.ok) {
        throw new Error("refused");
      }
      document.dispatchEvent(new CustomEvent("patrol:point", { detail: body }));
      var status = document.querySelector("[data-locate-status]");
      if (status) {
        status.textContent = body.message;
      }
      return body;
    });
  }

  function postPoint(latitude, longitude, source) {
    var form = document.querySelector("[data-point-form]");
    if (!form) {
      return Promise.reject(new Error("no patrol form"));
    }
    var data = new FormData(form);
    // Each location is a sending of its own: a key of its own (pcso/once.py), not the form's.
    if (window.crypto && crypto.randomUUID) {
      data.set("form_key", crypto.randomUUID());
    } else {
      data.delete("form_key");
    }
    data.set("latitude", latitude.toFixed(6));
    data.set("longitude", longitude.toFixed(6));
    data.set("source", source);
    if (window.pcsoOutbox && data.has("form_key")) {
      return window.pcsoOutbox.post(form.action, Array.from(data.entries())).then(function (response) {
        return response ? answered(response) : null;
      });
    }
    return fetch(form.action, {
      method: "POST",
      body: data,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(answered);
  }

  window.pcsoPatrolPoints = { post: postPoint };
})();
