// The service worker, served at /sw.js by pcso/offline.py with its configuration in front
// (self.PCSO_OFFLINE): the app shell to precache, the allow-list of pages it may keep, the
// pages to fetch ahead ("warm") and the page shown for a page not kept.
//
// Navigations to an allow-listed page try the network first (a few seconds) and keep a copy
// of a good answer, one copy per language (the app has no language in its URLs: the copy is
// kept under the answer's Content-Language, in the cache "pcso-pages-<language>"); without
// signal, or when the server answers 502/503/504, the copy in the language the pages last
// used is shown. Any other navigation goes to the network, and without signal gets the kept
// offline page. An answer marked no-store or private is never kept, nor a redirected one.
// Nothing here sends a form: the outbox (outbox.js) does, from the page.
import { cleanupOutdatedCaches, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { Strategy } from "workbox-strategies";

import { setting } from "./db.js";

const config = self.PCSO_OFFLINE;
const KEEP = config.keep.map((pattern) => new RegExp(pattern));
const PAGES = "pcso-pages-";
const WAITING = new Set([502, 503, 504]);

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

cleanupOutdatedCaches();
precacheAndRoute(config.precache);

function allowed(url) {
  const place = new URL(url, self.location.href);
  return place.origin === self.location.origin && KEEP.some((pattern) => pattern.test(place.pathname));
}

function keepable(response) {
  if (!response || response.status !== 200 || response.type !== "basic" || response.redirected) return false;
  const cacheControl = (response.headers.get("Cache-Control") || "").toLowerCase();
  if (/no-store|private/.test(cacheControl)) return false;
  return (response.headers.get("Content-Type") || "").startsWith("text/html");
}

// Keep an allow-listed page's answer (a copy the caller made), under the language it is written in.
let forgotten = false; // signing out: nothing more is kept

async function keep(url, response) {
  if (forgotten) return;
  const language = (response.headers.get("Content-Language") || "").toLowerCase();
  if (!allowed(url) || !keepable(response) || !/^[a-z-]+$/.test(language)) return;
  const cache = await caches.open(PAGES + language);
  await cache.put(new URL(url, self.location.href).href, response);
}

// The kept copy of a page: in the language the pages last used, else in any kept language.
async function kept(url) {
  const language = await setting("language").catch(() => undefined);
  const names = (await caches.keys()).filter((name) => name.startsWith(PAGES));
  names.sort((a, b) => (b === PAGES + language) - (a === PAGES + language));
  for (const name of names) {
    const cache = await caches.open(name);
    const found =
      (await cache.match(url, { ignoreVary: true })) ||
      (await cache.match(url, { ignoreVary: true, ignoreSearch: true }));
    if (found) return found;
  }
  return undefined;
}

function timeout(seconds) {
  return new Promise((resolve, reject) => setTimeout(() => reject(new Error("timeout")), seconds * 1000));
}

class KeptPages extends Strategy {
  async _handle(request, handler) {
    const url = request.url;
    if (!allowed(url)) {
      try {
        return await handler.fetch(request);
      } catch (error) {
        return (await kept(config.offline)) || Response.error();
      }
    }
    const fetching = handler.fetch(request);
    // A good answer is kept even when it comes after the copy was shown.
    handler.waitUntil(
      fetching.then((response) => (WAITING.has(response.status) ? null : keep(url, response.clone()))).catch(() => null)
    );
    let response;
    try {
      response = await Promise.race([fetching, timeout(config.networkSeconds)]);
    } catch (error) {
      response = undefined;
    }
    if (response && !WAITING.has(response.status)) return response;
    return (await kept(url)) || response || (await kept(config.offline)) || Response.error();
  }
}

registerRoute(new NavigationRoute(new KeptPages()));

// A page asks for the pages to fetch ahead, once in each language (outbox.js, on each load).
async function warm(language, page) {
  const cache = await caches.open(PAGES + language);
  const pages = [...config.warm];
  if (page && allowed(page)) pages.push(new URL(page).pathname + new URL(page).search);
  for (const path of pages) {
    const url = new URL(path, self.location.href).href;
    if (await cache.match(url, { ignoreVary: true })) continue;
    try {
      const response = await fetch(url, { credentials: "same-origin", redirect: "follow" });
      if (!WAITING.has(response.status)) await keep(url, response);
    } catch (error) {
      return; // no signal: next time
    }
  }
}

// Signing out (outbox.js): keep nothing more, drop every kept page and the shell, then say so.
async function forget() {
  forgotten = true;
  for (const name of await caches.keys()) await caches.delete(name);
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "forget") {
    event.waitUntil(forget().finally(() => event.ports[0] && event.ports[0].postMessage("forgotten")));
    return;
  }
  if (data.type === "warm" && !forgotten && /^[a-z-]+$/.test(data.language || "")) {
    event.waitUntil(warm(data.language, data.page));
  }
});
