// Copies the pinned front-end libraries from node_modules into static/vendor/ (git ignores it),
// and bundles our own module sources (assets/) with them into static/vendor/pcso/.
import { cpSync, mkdirSync, rmSync } from "node:fs";

import { build } from "esbuild";

const files = {
  "bootstrap/bootstrap.min.css": "bootstrap/dist/css/bootstrap.min.css",
  "bootstrap/bootstrap.bundle.min.js": "bootstrap/dist/js/bootstrap.bundle.min.js",
  "htmx/htmx.min.js": "htmx.org/dist/htmx.min.js",
  "leaflet/leaflet.js": "leaflet/dist/leaflet.js",
  "leaflet/leaflet.css": "leaflet/dist/leaflet.css",
  "leaflet/images": "leaflet/dist/images",
  "chartjs/chart.umd.min.js": "chart.js/dist/chart.umd.min.js",
  // Accessibility checks in the browser tests (tests/conftest.py), never served to users.
  "axe/axe.min.js": "axe-core/axe.min.js",
  // The source maps the minified files name: collectstatic's manifest refuses a missing one.
  "bootstrap/bootstrap.min.css.map": "bootstrap/dist/css/bootstrap.min.css.map",
  "bootstrap/bootstrap.bundle.min.js.map": "bootstrap/dist/js/bootstrap.bundle.min.js.map",
  "leaflet/leaflet.js.map": "leaflet/dist/leaflet.js.map",
  "chartjs/chart.umd.min.js.map": "chart.js/dist/chart.umd.min.js.map",
};
rmSync("static/vendor", { recursive: true, force: true });
for (const [target, source] of Object.entries(files)) {
  const to = `static/vendor/${target}`;
  mkdirSync(to.substring(0, to.lastIndexOf("/")), { recursive: true });
  cpSync(`node_modules/${source}`, to, { recursive: true });
}
// Ours: the service worker (served at /sw.js by pcso/offline.py) and the outbox (every page).
// One minified script each, without source maps (collectstatic's manifest would need them).
const bundles = {
  "pcso/sw.js": "assets/sw.js",
  "pcso/outbox.js": "assets/outbox.js",
};
for (const [target, source] of Object.entries(bundles)) {
  await build({
    entryPoints: [source],
    outfile: `static/vendor/${target}`,
    bundle: true,
    format: "iife",
    minify: true,
    target: ["chrome109", "firefox115", "safari16"],
    legalComments: "none",
    logLevel: "warning",
  });
}
console.log(
  `static/vendor: ${Object.keys(files).length} assets copied, ${Object.keys(bundles).length} bundles built`
);
