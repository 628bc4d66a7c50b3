import assert from "node:assert/strict";
import { test } from "node:test";
import { startTestSystem } from "../../platform/testing/test-system.ts";
import { addUser } from "../accounts/add-user.ts";
import { sessions } from "../accounts/tables.ts";
import { STRONG_PASSWORD } from "../accounts/testing.ts";
import { removeExpiredFactorState } from "./housekeeping.ts";
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
  } finally {
    await system.close();
  }
});
