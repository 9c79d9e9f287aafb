// The notice numbers this phone holds, like the pre-numbered book a PCSO carries (issue 21,
// item 5). Numbers are reserved on the server while online (patrols:notice-numbers-reserve) and
// kept here per officer; the issue form takes the next one into its hidden reserved_number field
// and shows it, so the officer can write it on the paper notice, with or without signal. The form
// is then sent as any other (assets/outbox.js keeps it when the network is down): the number
// travels in its body, so the notice keeps it whenever it arrives.
//
// Kept in localStorage under "pcso-notice-book:<officer>": {held: [...], used: [...], kept: bool}.
// "used" are numbers put on a notice sent (or waiting in the outbox) that the server still counts
// as held; they are forgotten once the server no longer holds them (issued, handed back, spoilt).
// A phone tops its book up when it already keeps one (the officer reserved numbers once).
(() => {
  const box = document.querySelector("[data-notice-book]");
  const field = document.querySelector("[data-reserved-number]");
  const officer = document.body.dataset.signedIn || "";
  if (!box || !field || !officer) return;
  const form = field.form;
  const key = `pcso-notice-book:${officer}`;
  const blockSize = Number(box.dataset.blockSize) || 0;

  function load() {
    try {
      const book = JSON.parse(localStorage.getItem(key) || "{}");
      return { held: book.held || [], used: book.used || [], kept: Boolean(book.kept) };
    } catch {
      return { held: [], used: [], kept: false };
    }
  }

  function save(book) {
    try {
      localStorage.setItem(key, JSON.stringify(book));
    } catch {
      // Storage full or refused: the form is numbered by the server when it arrives.
    }
  }

  function available(book) {
    const used = new Set(book.used);
    return book.held.filter((number) => !used.has(number)).sort((a, b) => a - b);
  }

  const reference = (number) => String(number).padStart(7, "0");

  function show(book) {
    const left = available(book);
    const current = Number(field.value);
    if (current) {
      const count = left.filter((number) => number !== current).length;
      box.textContent = box.dataset.textNext
        .replace("%(number)s", reference(current))
        .replace("%(count)s", String(count));
    } else {
      box.textContent = box.dataset.textNone;
    }
    box.hidden = !book.kept && !current;
  }

  // The next number for an empty field; a field already filled (the form shown again with its
  // errors, or an outbox item opened again) keeps its own.
  function fill(replace = false) {
    const book = load();
    if (replace || !field.value) field.value = available(book)[0] ?? "";
    show(book);
  }

  function held(numbers) {
    const book = load();
    const now = new Set(numbers);
    book.used = book.used.filter((number) => now.has(number));
    book.held = numbers;
    book.kept = book.kept || numbers.length > 0;
    save(book);
    return book;
  }

  async function topUp() {
    const token = form.querySelector('input[name="csrfmiddlewaretoken"]');
    const body = new URLSearchParams();
    body.set("csrfmiddlewaretoken", token ? token.value : "");
    body.set("form_key", crypto.randomUUID());
    const response = await fetch(box.dataset.reserveUrl, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
    });
    if (!response.ok) return null;
    const answer = await response.json();
    return String(answer.officer) === officer ? answer.held : null;
  }

  async function sync() {
    if (!navigator.onLine) return;
    try {
      const response = await fetch(box.dataset.heldUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (!response.ok || response.redirected) return;
      const answer = await response.json();
      if (String(answer.officer) !== officer) return;
      let book = held(answer.held);
      if (book.kept && answer.held.length < blockSize && window.crypto?.randomUUID) {
        const numbers = await topUp();
        if (numbers) book = held(numbers);
      }
      fill();
      show(book);
    } catch {
      // No signal: the numbers already on the phone serve.
    }
  }

  // Before the outbox reads the form: the number goes with it and is not offered again.
  form.addEventListener(
    "submit",
    () => {
      const number = Number(field.value);
      if (!number) return;
      const book = load();
      if (!book.used.includes(number)) book.used.push(number);
      save(book);
    },
    true,
  );
  // A form kept in the outbox is emptied for the next notice: it takes the next number.
  form.addEventListener("reset", () => setTimeout(() => fill(true), 0));

  fill();
  sync();
})();
