// The phone's outbox and settings, in IndexedDB (through idb), shared by the page script
// (outbox.js) and the service worker (sw.js).
import { deleteDB, openDB } from "idb";

export const NAME = "pcso-offline";
let opening = null;

export function db() {
  if (!opening) {
    opening = openDB(NAME, 1, {
      upgrade(database) {
        // One item per form sent while the network was down, under its one-time form key.
        const items = database.createObjectStore("items", { keyPath: "key" });
        items.createIndex("created", "created");
        // "language": the language of the page last shown, for the kept pages offline.
        database.createObjectStore("settings");
      },
      // Another tab or the sign-out deletes the database: let go of it at once.
      blocking(current, blocked, event) {
        event.target.close();
        opening = null;
      },
      terminated() {
        opening = null;
      },
    });
  }
  return opening;
}

export async function setting(name) {
  return (await db()).get("settings", name);
}

export async function setSetting(name, value) {
  return (await db()).put("settings", value, name);
}

// Oldest first.
export async function items() {
  return (await db()).getAllFromIndex("items", "created");
}

export async function item(key) {
  return (await db()).get("items", key);
}

export async function putItem(value) {
  return (await db()).put("items", value);
}

export async function removeItem(key) {
  return (await db()).delete("items", key);
}

// Everything on this phone, gone (signing out).
export async function forget() {
  if (opening) {
    (await opening).close();
    opening = null;
  }
  await deleteDB(NAME);
}
