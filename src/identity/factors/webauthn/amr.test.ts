import assert from "node:assert/strict";
import { test } from "node:test";
import { amrOf } from "./amr.ts";

const facts = { attachment: null, transports: [] as string[], deviceType: "singleDevice", isUserVerified: true };

test("a key plugged in or held to the reader is a hardware key (hwk)", () => {
  assert.deepEqual(amrOf({ ...facts, attachment: "cross-platform", transports: ["usb"] }), ["hwk", "user"]);
  assert.deepEqual(amrOf({ ...facts, transports: ["nfc", "usb"] }), ["hwk", "user"]);
});

test("a trusted platform, a phone by QR code or a synced passkey is a software key (swk)", () => {
  assert.deepEqual(amrOf({ ...facts, attachment: "platform" }), ["swk", "user"]);
  assert.deepEqual(amrOf({ ...facts, attachment: "cross-platform", transports: ["hybrid"] }), ["swk", "user"]);
  assert.deepEqual(amrOf({ ...facts, transports: ["internal"] }), ["swk", "user"]);
  assert.deepEqual(amrOf({ ...facts, attachment: "cross-platform", transports: ["usb"], deviceType: "multiDevice" }), ["swk", "user"]);
});

test("user is claimed only when the authenticator verified the user", () => {
  assert.deepEqual(amrOf({ ...facts, attachment: "cross-platform", isUserVerified: false }), ["hwk"]);
});
