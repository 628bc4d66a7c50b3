/* Test helpers of "Mobile + SMS": reading texted codes from the real outbox, adding a verified number. */
import assert from "node:assert/strict";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import type { TestBrowser } from "../../../platform/testing/http-client.ts";
import { outbox } from "../../pg-schema.ts";

export async function smsTo(db: Db, number: string) {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.channel, "sms"), eq(outbox.to, number)))
    .orderBy(desc(outbox.id));
}

/** The newest challenge code texted to this number. */
export async function latestSmsCode(db: Db, number: string): Promise<string> {
  const [sms] = await smsTo(db, number);
  const code = sms?.text.match(/challenge code is ([A-Z0-9]{4}-[A-Z0-9]{4})\./)?.[1];
  if (!code) throw new Error(`No challenge code was texted to ${number}`);
  return code;
}

/** Adds and verifies a number through the My Account API, as the page does; returns its id. */
export async function addVerifiedPhone(browser: TestBrowser, db: Db, number: string): Promise<string> {
  const added = await browser.post("/api/account/phones", { number });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  const verified = await browser.post(`/api/account/phones/${added.body.phone.id}/verify`, { code: await latestSmsCode(db, number) });
  assert.equal(verified.status, 200, JSON.stringify(verified.body));
  return added.body.phone.id;
}
