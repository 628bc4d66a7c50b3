/*
 * Where the app keeps its devices: IndexedDB (idb-keyval), one entry per
 * device. The keys are stored as CryptoKey objects, which IndexedDB clones
 * without exposing them: the private key and the device secret are
 * non-extractable, so not even this app's own scripts can read them out.
 */
import { createStore, del, entries, set } from "idb-keyval";
import type { DeviceStore, StoredDevice } from "../../src/identity/factors/mobile-app/authenticator.ts";

const devices = createStore("opencpms-authenticator", "devices");

export function indexedDbStore(): DeviceStore {
  return {
    list: async () => (await entries<string, StoredDevice>(devices)).map(([, device]) => device).sort((a, b) => a.addedAt.localeCompare(b.addedAt)),
    save: (device) => set(device.deviceId, device, devices),
    remove: (deviceId) => del(deviceId, devices),
  };
}
