// The outbox, on every page (templates/base.html): a capture form (data-outbox) is sent by this
// script with its one-time form key (pcso/once.py) and the time it was captured on the phone.
// Without signal, after ~8 seconds, or when the server answers 502/503/504, what it sent is
// kept on the phone (IndexedDB) and the page says so at once, in place; it is sent again when
// the network is back, on each page load, on a timer while items wait, and from "Send now":
// oldest first, one tab at a time, with a fresh CSRF token, and never under another officer's
// session. The same key sent again makes nothing new, so a lost answer costs nothing.
// Every word shown comes from the page (templates/pcso/_outbox.html, outbox.html), translated.
import * as store from "./db.js";

const SEND_SECONDS = 8;
const REPLAY_SECONDS = 30;
const WAITING = new Set([502, 503, 504]);
const OLD_HOURS = 12;

const config = document.querySelector("[data-outbox-config]");
const officer = document.body.dataset.signedIn || "";
const language = document.documentElement.lang || "en";
const text = (name) => (config && config.getAttribute(`data-text-${name}`)) || "";

function newKey() {
  return crypto.randomUUID();
}

function capturedAt() {
  // The phone's local time with its offset: 2026-12-07T14:03:05+00:00.
  const now = new Date();
  const pad = (n) => String(Math.abs(n)).padStart(2, "0");
  const offset = -now.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  return (
    `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}` +
    `T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}` +
    `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
  );
}

function keyInput(form) {
  let input = form.querySelector('input[name="form_key"]');
  if (!input) {
    input = document.createElement("input");
    input.type = "hidden";
    input.name = "form_key";
    input.autocomplete = "off";
    form.prepend(input);
    input.value = newKey();
  }
  return input;
}

// A form shown (a page load, a kept copy shown again) gets a key of its own.
function renewKeys(root) {
  for (const form of root.querySelectorAll("form")) {
    if (form.closest("[data-outbox]")) keyInput(form).value = newKey();
  }
}

// ---- The banner and the outbox page ----

async function ownItems() {
  if (!officer) return [];
  return (await store.items()).filter((item) => item.officer === officer);
}

async function show() {
  const mine = await ownItems();
  for (const count of document.querySelectorAll("[data-outbox-count]")) count.textContent = String(mine.length);
  for (const banner of document.querySelectorAll("[data-outbox-banner]")) banner.hidden = mine.length === 0;
  renderList(mine);
  if (mine.some((item) => item.state === "waiting")) schedule();
  return mine;
}

function kindOf(url) {
  const kinds = JSON.parse(document.getElementById("outbox-kinds")?.textContent || "[]");
  const path = new URL(url, location.href).pathname;
  const found = kinds.find((kind) => new RegExp(kind.sends).test(path));
  return found ? found.kind : path;
}

function renderList(mine) {
  const list = document.querySelector("[data-outbox-list]");
  const row = document.querySelector("template[data-outbox-row]");
  if (!list || !row) return;
  list.replaceChildren();
  document.querySelector("[data-outbox-empty]").hidden = mine.length > 0;
  for (const item of mine) {
    const li = row.content.firstElementChild.cloneNode(true);
    li.dataset.key = item.key;
    li.dataset.state = item.state;
    li.querySelector("[data-kind]").textContent = kindOf(item.url);
    const state = li.querySelector("[data-state]");
    state.textContent = list.getAttribute(`data-state-${item.state}`) || item.state;
    state.classList.add(item.state === "waiting" ? "text-bg-secondary" : "text-bg-danger");
    const captured = li.querySelector("[data-captured]");
    captured.dateTime = item.captured_at;
    captured.textContent = new Date(item.created).toLocaleString(language === "cy" ? "cy-GB" : "en-GB", {
      dateStyle: "short",
      timeStyle: "short",
    });
    if (Date.now() - item.created > OLD_HOURS * 3600 * 1000) {
      li.classList.add("outbox-old");
      li.querySelector("[data-old]").hidden = false;
    }
    if (item.message) {
      const message = li.querySelector("[data-message]");
      message.textContent = item.message;
      message.hidden = false;
    }
    if (item.state === "attention") {
      li.querySelector("[data-attention]").hidden = false;
      const open = li.querySelector("[data-open]");
      if (item.htmx || item.json) open.remove(); // no form of its own to open
      else open.href = `${new URL(item.url, location.href).pathname}#outbox=${item.key}`;
    }
    list.append(li);
  }
}

// ---- Sending a capture form ----

function outboxForm(form) {
  return form instanceof HTMLFormElement && form.closest("[data-outbox]") && (form.method || "").toLowerCase() === "post";
}

async function keepItem(entries, { url, htmx, json, replaces, state = "waiting" }) {
  const key = entries.find(([name]) => name === "form_key")[1];
  const captured = entries.find(([name]) => name === "captured_at")[1];
  await store.putItem({
    key,
    url,
    method: "POST",
    body: entries,
    captured_at: captured,
    officer,
    language,
    htmx: Boolean(htmx),
    json: Boolean(json),
    state,
    message: "",
    created: Date.now(),
  });
  if (replaces && replaces !== key) await store.removeItem(replaces);
  await show();
}

function entriesOf(formData) {
  return [...formData.entries()].filter(([, value]) => typeof value === "string");
}

async function submitted(event) {
  const form = event.target;
  if (!outboxForm(form) || form.dataset.outboxPass) return;
  const submitter = event.submitter;
  if (submitter && submitter.hasAttribute("hx-post")) return; // htmx sends it (below)
  if (form.hasAttribute("hx-post")) return;
  event.preventDefault();
  if (form.dataset.outboxBusy) return; // a second tap while the first is on its way
  form.dataset.outboxBusy = "1";
  keyInput(form);
  const formData = new FormData(form, submitter);
  // An item opened again from "needs attention" keeps the time it was first captured.
  formData.set("captured_at", form.dataset.outboxCaptured || capturedAt());
  const entries = entriesOf(formData);
  const url = new URL(form.getAttribute("action") || location.href, location.href).href;
  try {
    const response = await send(url, entries, { "X-Outbox": "send" });
    if (response && (signedOut(response) || response.status === 403)) {
      // Signed out meanwhile (or the session changed): kept, to send once signed in again.
      await keepItem(entries, { url, replaces: form.dataset.outboxReplaces, state: "signin" });
      forgetReopened(form);
      form.reset();
      keyInput(form).value = newKey();
      return;
    }
    if (response && !WAITING.has(response.status)) {
      // Online: go where the server's answer goes; a form shown again (errors) is sent by the
      // browser itself with the same key and contents, which the server answers as before.
      if (form.dataset.outboxReplaces) await store.removeItem(form.dataset.outboxReplaces);
      if (response.redirected && response.ok) {
        location.assign(response.url);
      } else {
        passThrough(form, submitter, entries);
      }
      return;
    }
    await keepItem(entries, { url, replaces: form.dataset.outboxReplaces });
    forgetReopened(form);
    form.reset();
    keyInput(form).value = newKey();
  } finally {
    delete form.dataset.outboxBusy;
  }
}

function forgetReopened(form) {
  delete form.dataset.outboxReplaces;
  delete form.dataset.outboxCaptured;
}

function passThrough(form, submitter, entries) {
  const captured = document.createElement("input");
  captured.type = "hidden";
  captured.name = "captured_at";
  captured.value = entries.find(([name]) => name === "captured_at")[1];
  form.append(captured);
  form.dataset.outboxPass = "1";
  form.requestSubmit(submitter || undefined);
}

// One try: the answer, or undefined without signal or after SEND_SECONDS.
async function send(url, entries, headers) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), SEND_SECONDS * 1000);
  try {
    return await fetch(url, {
      method: "POST",
      body: new URLSearchParams(entries),
      credentials: "same-origin",
      redirect: "follow",
      // The phone's time of sending: on a replay, the server measures the phone's clock by it
      // (pcso/captured.py), the captured time being as old as the time without signal.
      headers: { "X-Outbox": "1", ...headers, "X-Outbox-Sent-At": capturedAt() },
      signal: controller.signal,
    });
  } catch (error) {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

// The running patrol's taps are sent by htmx: the outbox adds the captured time and a timeout,
// and keeps what htmx could not deliver.
function htmxElt(event) {
  const elt = event.detail && ((event.detail.requestConfig && event.detail.requestConfig.elt) || event.detail.elt);
  return elt instanceof HTMLFormElement && outboxForm(elt) ? elt : null;
}

function hookHtmx() {
  document.body.addEventListener("htmx:configRequest", (event) => {
    const form = htmxElt(event);
    if (!form) return;
    event.detail.parameters.set
      ? event.detail.parameters.set("captured_at", capturedAt())
      : (event.detail.parameters.captured_at = capturedAt());
    event.detail.headers["X-Outbox"] = "1";
    event.detail.headers["X-Outbox-Sent-At"] = capturedAt();
    event.detail.timeout = SEND_SECONDS * 1000;
  });
  const undelivered = async (event) => {
    const form = htmxElt(event);
    if (!form) return;
    const status = event.type === "htmx:responseError" ? event.detail.xhr.status : 0;
    // 403: refused by the CSRF check (a session ended, a cookie gone): kept, to send once signed in.
    if (status && !WAITING.has(status) && status !== 403) return;
    const config = event.detail.requestConfig;
    const formData = config.formData || new FormData();
    const entries = entriesOf(formData);
    if (!entries.some(([name]) => name === "form_key") || !entries.some(([name]) => name === "captured_at")) return;
    const url = new URL(config.path, location.href).href;
    await keepItem(entries, { url, htmx: true, state: status === 403 ? "signin" : "waiting" });
    keyInput(form).value = newKey();
  };
  for (const name of ["htmx:sendError", "htmx:timeout", "htmx:responseError"]) {
    document.body.addEventListener(name, undelivered);
  }
  // The session ended: the login page is not swapped into the patrol page; the tap is kept,
  // to be sent once the officer signs in again.
  document.body.addEventListener("htmx:beforeSwap", async (event) => {
    const form = htmxElt(event);
    const xhr = event.detail.xhr;
    if (!form || !xhr.responseURL || new URL(xhr.responseURL).pathname !== loginPath()) return;
    event.detail.shouldSwap = false;
    const entries = entriesOf(event.detail.requestConfig.formData || new FormData());
    if (!entries.some(([name]) => name === "form_key")) return;
    await keepItem(entries, { url: new URL(event.detail.requestConfig.path, location.href).href, htmx: true, state: "signin" });
    keyInput(form).value = newKey();
  });
}

// ---- For a script that posts by itself (static/js/patrol-points.js) ----

// window.pcsoOutbox.post(url, entries): sent at once with the phone's time of capture; without
// signal, after SEND_SECONDS or on a 502/503/504 it waits in the outbox (or for sign in, when
// the session ended), as a form does. The entries carry their own form_key. Resolves to the
// server's answer, or to null when kept. JSON is asked for and judged: 2xx sent, else refused.
async function postEntries(url, entries) {
  entries = entries.filter(([name]) => name !== "captured_at");
  entries.push(["captured_at", capturedAt()]);
  url = new URL(url, location.href).href;
  if (!entries.some(([name]) => name === "form_key")) entries.unshift(["form_key", newKey()]);
  const response = await send(url, entries, { "X-Outbox": "send", Accept: "application/json" });
  if (response && (signedOut(response) || response.status === 403)) {
    await keepItem(entries, { url, json: true, state: "signin" });
    return null;
  }
  if (response && !WAITING.has(response.status)) return response;
  await keepItem(entries, { url, json: true });
  return null;
}

// What the server said was wrong, from its JSON answer ({"errors": {field: [messages]}}).
function jsonRefusal(body) {
  try {
    const errors = JSON.parse(body).errors || {};
    return Object.values(errors).flat().join(" ");
  } catch (error) {
    return "";
  }
}

// ---- Sending what waits ----

let timer = null;
function schedule() {
  if (timer) return;
  timer = setTimeout(() => {
    timer = null;
    replay();
  }, REPLAY_SECONDS * 1000);
}

function replay() {
  if (!officer) return Promise.resolve();
  if (!navigator.locks) return replayOnce();
  // One tab at a time: another tab already sending sends these too.
  return navigator.locks.request("pcso-outbox", { ifAvailable: true }, (lock) => (lock ? replayOnce() : null));
}

const loginPath = () => new URL(config.dataset.loginUrl, location.href).pathname;

function signedOut(response) {
  return response.redirected && new URL(response.url).pathname === loginPath();
}

async function token() {
  try {
    const response = await fetch(config.dataset.tokenUrl, {
      cache: "no-store",
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (signedOut(response) || response.status === 403) return { signedOut: true };
    if (!response.ok) return {};
    return { token: (await response.json()).token };
  } catch (error) {
    return {};
  }
}

// What the server said was wrong, from the page it answered with.
function refusal(html) {
  const page = new DOMParser().parseFromString(html, "text/html");
  const found = [...page.querySelectorAll(".invalid-feedback, .errorlist li, .alert-danger[role=status], #patrol-status .text-danger, main h1")]
    .map((el) => el.textContent.trim())
    .filter(Boolean);
  return [...new Set(found)].join(" ");
}

function refused(html) {
  const page = new DOMParser().parseFromString(html, "text/html");
  return Boolean(
    page.querySelector(".invalid-feedback, .errorlist, .alert-danger[role=status], #patrol-status .text-danger, .is-invalid")
  );
}

async function replayOnce() {
  let pending = (await ownItems()).filter((item) => item.state !== "attention");
  if (!pending.length) return show();
  const fresh = await token();
  if (fresh.signedOut) {
    for (const item of pending) await store.putItem({ ...item, state: "signin" });
    return show();
  }
  if (!fresh.token) return show();
  setBusy(true);
  try {
    for (const item of pending) {
      const entries = item.body.map(([name, value]) => [name, name === "csrfmiddlewaretoken" ? fresh.token : value]);
      const headers = { "X-CSRFToken": fresh.token, "X-Outbox": "replay" };
      if (item.htmx) headers["HX-Request"] = "true";
      if (item.json) headers.Accept = "application/json";
      const response = await send(item.url, entries, headers);
      if (!response || WAITING.has(response.status)) {
        await store.putItem({ ...item, state: "waiting" });
        break; // no signal, or the server is down: the rest wait too
      }
      if (signedOut(response) || response.status === 403 || response.status === 401) {
        await store.putItem({ ...item, state: "signin" });
        continue;
      }
      const html = await response.text().catch(() => "");
      if (item.json ? response.ok : response.ok && !refused(html)) {
        await store.removeItem(item.key);
      } else {
        const message = item.json ? jsonRefusal(html) : refusal(html);
        await store.putItem({ ...item, state: "attention", message: message || text("refused") });
      }
    }
  } finally {
    setBusy(false);
  }
  return show();
}

function setBusy(busy) {
  for (const button of document.querySelectorAll("[data-outbox-send]")) button.disabled = busy;
}

// ---- Items needing attention: open the form with what was typed, or delete ----

async function reopen() {
  const match = /^#outbox=([\w-]+)$/.exec(location.hash);
  if (!match) return;
  const item = await store.item(match[1]);
  const form = [...document.querySelectorAll("form")].find(outboxForm);
  if (!item || !form || item.officer !== officer) return;
  const skip = new Set(["csrfmiddlewaretoken", "form_key", "captured_at"]);
  const values = new Map();
  for (const [name, value] of item.body) {
    if (!skip.has(name)) values.set(name, [...(values.get(name) || []), value]);
  }
  for (const [name, list] of values) {
    for (const field of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
      if (field.type === "checkbox" || field.type === "radio") field.checked = list.includes(field.value);
      else if (field.multiple) for (const option of field.options) option.selected = list.includes(option.value);
      else if (field.type !== "submit" && field.type !== "button") field.value = list[0];
    }
  }
  form.dataset.outboxReplaces = item.key;
  if (item.captured_at) form.dataset.outboxCaptured = item.captured_at;
  history.replaceState(null, "", location.pathname + location.search);
}

async function clicked(event) {
  const target = event.target.closest("button");
  if (!target) return;
  if (target.matches("[data-outbox-send]")) {
    event.preventDefault();
    const dialog = target.closest("dialog");
    if (dialog) dialog.close();
    await replay();
    return;
  }
  const row = target.closest("[data-outbox-item]");
  if (target.matches("[data-delete]") && row) {
    row.querySelector("[data-confirm]").hidden = false;
    row.querySelector("[data-delete-confirmed]").focus();
  } else if (target.matches("[data-delete-cancel]") && row) {
    row.querySelector("[data-confirm]").hidden = true;
    row.querySelector("[data-delete]").focus();
  } else if (target.matches("[data-delete-confirmed]") && row) {
    await store.removeItem(row.dataset.key);
    await show();
  } else if (target.matches("[data-outbox-logout-confirmed]")) {
    await signOut(target.closest("dialog").logoutForm);
  } else if (target.matches("[data-outbox-cancel]")) {
    target.closest("dialog").close();
  }
}

// ---- Signing out: asked first while items wait; the phone keeps nothing afterwards ----

// The worker is told first, so that nothing it is still fetching is kept after this.
function workerForgets(registration) {
  const worker = registration.active || registration.waiting || registration.installing;
  if (!worker) return Promise.resolve();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    worker.postMessage({ type: "forget" }, [channel.port2]);
    setTimeout(resolve, 2000);
  });
}

async function signOut(form) {
  try {
    const registrations = (await navigator.serviceWorker?.getRegistrations?.()) || [];
    for (const registration of registrations) await workerForgets(registration);
    for (const registration of registrations) await registration.unregister();
    for (const name of await caches.keys()) await caches.delete(name);
    await Promise.race([store.forget(), new Promise((resolve) => setTimeout(resolve, 3000))]);
  } finally {
    form.dataset.outboxPass = "1";
    form.submit();
  }
}

async function loggingOut(event) {
  const form = event.target;
  if (!form.matches("[data-logout]") || form.dataset.outboxPass) return;
  event.preventDefault();
  const waiting = (await store.items().catch(() => [])).length;
  const dialog = document.querySelector("dialog[data-outbox-logout]");
  if (!waiting || !dialog) return signOut(form);
  for (const count of dialog.querySelectorAll("[data-outbox-count]")) count.textContent = String(waiting);
  dialog.logoutForm = form;
  dialog.showModal();
}

// ---- Start ----

function start() {
  // Signed out, the phone keeps nothing: no worker, no outbox (signing out just cleared them).
  if (!config || !officer || !window.crypto?.randomUUID) return;
  window.pcsoOutbox = { post: postEntries };
  renewKeys(document);
  document.addEventListener("submit", (event) => {
    if (event.target.matches?.("[data-logout]")) loggingOut(event);
    else submitted(event);
  });
  document.addEventListener("click", clicked);
  hookHtmx();
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker
      .register(config.dataset.workerUrl, { scope: "/" })
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        // The pages to have ready without signal, this one among them if it is on the list.
        if (registration.active) registration.active.postMessage({ type: "warm", language, page: location.href });
      })
      .catch(() => null);
  }
  store
    .setSetting("language", language)
    .then(reopen)
    .then(show)
    .then(() => (navigator.onLine ? replay() : null))
    .catch(() => null);
  window.addEventListener("online", () => replay());
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) show();
  });
}

start();
