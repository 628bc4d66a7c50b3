/* Signing keys: created once, sealed at rest, rotated with the old key still published, shared by every instance. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestSystem } from "../../platform/testing/test-system.ts";
import type { System } from "../../system.ts";
import { listSigningKeys, rotateSigningKey, signingKeys } from "./keys.ts";
import { createIdentityServer } from "../service.ts";
import { oidcKeys } from "./tables.ts";

let system: System;
before(async () => {
  system = await startTestSystem();
});
after(() => system.close());

const publishedKids = async () => {
  const response = await system.server("identity").inject({ method: "GET", url: "/oidc/jwks" });
  assert.equal(response.statusCode, 200);
  const { keys } = response.json() as { keys: { kid: string; d?: string }[] };
  assert.ok(
    keys.every((key) => key.d === undefined),
    "only public keys are published",
  );
  return keys.map((key) => key.kid);
};

test("the first start creates one signing key, sealed, and every instance uses it", async () => {
  const { db } = system.database;
  const keys = await listSigningKeys(db);
  assert.equal(keys.length, 1);
  const [row] = await db.select().from(oidcKeys);
  assert.ok(!row.sealedJwk.includes('"d"'), "the private key is not stored in clear");
  assert.deepEqual(await publishedKids(), [keys[0].kid]);
  // A second instance on the same database signs with the same key.
  const again = await signingKeys(db, system.config);
  assert.equal(again.length, 1);
  assert.equal(again[0].kid, keys[0].kid);
});

test("rotation: the new key comes first (it signs), the old one stays published", async () => {
  const { db } = system.database;
  const [old] = await listSigningKeys(db);
  const created = await rotateSigningKey(db, system.config);
  const keys = await signingKeys(db, system.config);
  assert.deepEqual(
    keys.map((key) => key.kid),
    [created, old.kid],
  );
  assert.deepEqual(
    (await listSigningKeys(db)).filter((key) => key.retiredAt === null).map((key) => key.kid),
    [created],
  );
  // An instance started after the rotation publishes both, the new one first.
  const restarted = await createIdentityServer(system.config, db);
  try {
    const response = await restarted.inject({ method: "GET", url: "/oidc/jwks" });
    assert.deepEqual(
      (response.json() as { keys: { kid: string }[] }).keys.map((key) => key.kid),
      [created, old.kid],
    );
  } finally {
    await restarted.close();
  }
});
