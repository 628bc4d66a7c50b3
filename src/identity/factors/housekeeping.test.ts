import assert from "node:assert/strict";
import { test } from "node:test";
import { startTestSystem } from "../../platform/testing/test-system.ts";
import { addUser } from "../accounts/add-user.ts";
import { sessions } from "../accounts/tables.ts";
import { STRONG_PASSWORD } from "../accounts/testing.ts";
import { removeExpiredFactorState } from "./housekeeping.ts";
import { mobileAppRequests, mobileDevices } from "./mobile-app/tables.ts";
import { phoneChallenges, phoneNumbers, smsSends } from "./sms/tables.ts";
import { authenticatorApps } from "./totp/tables.ts";
import { webauthnRegistrations } from "./webauthn/tables.ts";

test("housekeeping removes the factors' expired state and keeps what is still live", async () => {
  const system = await startTestSystem();
  try {
    const db = system.database.db;
    const { id: userId } = await addUser(db, system.config, { email: "tidy@hospital.example", firstName: "Tia", lastName: "Dahl", password: STRONG_PASSWORD });
    const past = (ms: number) => new Date(Date.now() - ms);
    const future = new Date(Date.now() + 60_000);
    const [oldPhone, newPhone] = await db
      .insert(phoneNumbers)
      .values([
        { userId, number: "+33612000101" },
        { userId, number: "+33612000102" },
      ])
      .returning();
    await db.insert(phoneChallenges).values([
      { phoneId: oldPhone.id, codeHash: "x", expiresAt: past(1000) },
      { phoneId: newPhone.id, codeHash: "y", expiresAt: future },
    ]);
    await db.insert(smsSends).values([
      { userId, sentAt: past(2 * 3_600_000) },
      { userId, sentAt: past(60_000) },
    ]);
    await db.insert(sessions).values([
      { tokenHash: "s1", userId, amr: ["pwd"], acr: "low", expiresAt: future },
      { tokenHash: "s2", userId, amr: ["pwd"], acr: "low", expiresAt: future },
    ]);
    await db.insert(webauthnRegistrations).values([
      { sessionTokenHash: "s1", userId, challenge: "old", expiresAt: past(1000) },
      { sessionTokenHash: "s2", userId, challenge: "new", expiresAt: future },
    ]);
    await db.insert(authenticatorApps).values([
      { userId, name: "abandoned", secret: "sealed", createdAt: past(2 * 3_600_000) },
      { userId, name: "being set up", secret: "sealed", createdAt: past(60_000) },
      { userId, name: "confirmed long ago", secret: "sealed", createdAt: past(48 * 3_600_000), confirmedAt: past(47 * 3_600_000) },
    ]);
    const context = { application: "OpenCPMS Login", browser: "Firefox", place: "198.51.100.7" };
    await db.insert(mobileAppRequests).values([
      { userId, kind: "qr", question: "EXPIREDLONG", context, expiresAt: past(2 * 3_600_000) },
      { userId, kind: "approve", question: "expired-recently", number: 42, context, status: "denied", expiresAt: past(30 * 60_000) },
      { userId, kind: "qr", question: "LIVE", context, expiresAt: future },
    ]);
    const device = { userId, pinHash: "sealed" };
    await db.insert(mobileDevices).values([
      { ...device, name: "never scanned", initTokenHash: "t1", initExpiresAt: past(25 * 3_600_000) },
      { ...device, name: "scanned, PIN never confirmed", initExpiresAt: past(25 * 3_600_000), publicKey: "key", secret: "sealed" },
      { ...device, name: "code expired today", initTokenHash: "t2", initExpiresAt: past(2 * 3_600_000) },
      { ...device, name: "being added", initTokenHash: "t3", initExpiresAt: future },
      { ...device, name: "in use", status: "active", initExpiresAt: past(48 * 3_600_000), publicKey: "key", secret: "sealed" },
      { ...device, name: "locked", status: "locked", initExpiresAt: past(48 * 3_600_000), publicKey: "key", secret: "sealed" },
    ]);

    await removeExpiredFactorState(db);

    assert.deepEqual(
      (await db.select().from(phoneChallenges)).map((c) => c.codeHash),
      ["y"],
    );
    assert.equal((await db.select().from(smsSends)).length, 1);
    assert.deepEqual(
      (await db.select().from(webauthnRegistrations)).map((r) => r.challenge),
      ["new"],
    );
    assert.deepEqual((await db.select().from(authenticatorApps)).map((a) => a.name).sort(), ["being set up", "confirmed long ago"]);
    assert.deepEqual((await db.select().from(mobileAppRequests)).map((r) => r.question).sort(), ["LIVE", "expired-recently"]);
    assert.deepEqual((await db.select().from(mobileDevices)).map((d) => d.name).sort(), ["being added", "code expired today", "in use", "locked"]);
  } finally {
    await system.close();
  }
});
