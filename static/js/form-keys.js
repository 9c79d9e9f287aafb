// One-time form keys (pcso/once.py): a page brought back from the browser's back-forward cache
// still holds the keys its forms were shown with, already spent if a form was sent. Give them
// new ones, so a form filled in again makes a record of its own.
window.addEventListener("pageshow", (event) => {
  if (!event.persisted || !window.crypto || !crypto.randomUUID) return;
  for (const input of document.querySelectorAll('input[name="form_key"]')) {
    input.value = crypto.randomUUID();
  }
});
