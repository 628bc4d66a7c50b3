import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { loadConfig } from "../../../platform/config.ts";
import type { Db } from "../../../platform/db/database.ts";
import { openSecret, sealSecret } from "./secret-box.ts";

// With SECRETS_KEY set, the database is never asked for a key.
const noDatabase = {} as Db;
const config = loadConfig({ SECRETS_KEY: randomBytes(32).toString("base64") });
const OWNER = "5f0c6f5e-8a1e-4c43-9d55-0c0d7a3b6e21";

test("a sealed secret opens with the same key for the same owner, and differs each time it is sealed", async () => {
  const first = await sealSecret(noDatabase, config, OWNER, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
  const second = await sealSecret(noDatabase, config, OWNER, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
  assert.notEqual(first, second, "a fresh IV each time");
  assert.equal(first.includes("JBSWY3DP"), false);
  assert.equal(await openSecret(noDatabase, config, OWNER, first), "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
});

test("another key, another owner or an altered value does not open it", async () => {
  const sealed = await sealSecret(noDatabase, config, OWNER, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
  const otherKey = loadConfig({ SECRETS_KEY: randomBytes(32).toString("base64") });
  await assert.rejects(openSecret(noDatabase, otherKey, OWNER, sealed), /SECRETS_KEY is not the key it was stored under/);
  await assert.rejects(openSecret(noDatabase, config, "00000000-0000-0000-0000-000000000000", sealed), /cannot be decrypted/);
  const parts = sealed.split(":");
  const ciphertext = Buffer.from(parts[3], "base64");
  ciphertext[0] ^= 1;
  const altered = [...parts.slice(0, 3), ciphertext.toString("base64")].join(":");
  await assert.rejects(openSecret(noDatabase, config, OWNER, altered), /cannot be decrypted/);
});

test("SECRETS_KEY must be the base64 of 32 bytes", () => {
  assert.throws(() => loadConfig({ SECRETS_KEY: randomBytes(16).toString("base64") }), /SECRETS_KEY=.*32 bytes/);
});
