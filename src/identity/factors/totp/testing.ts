/* Test helpers of authenticator apps: computing codes as the app would, adding a confirmed app through the API. */
import assert from "node:assert/strict";
import { generate } from "otplib";
import type { TestBrowser } from "../../../platform/testing/http-client.ts";

/** The code an app shows now, or `steps` 30-second steps from now. */
export function totpCode(secret: string, steps = 0): Promise<string> {
  return generate({ secret: secret.replace(/\s+/g, ""), epoch: Math.floor(Date.now() / 1000) + steps * 30 });
}

/** Adds an app and confirms it with its current code, as the page does; the next sign-in needs a code of a later step. */
export async function addConfirmedApp(browser: TestBrowser, name = "Phone"): Promise<{ id: string; secret: string }> {
  const added = await browser.post("/api/account/authenticator-apps", { name });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  const secret = added.body.secret.replace(/\s+/g, "");
  const confirmed = await browser.post(`/api/account/authenticator-apps/${added.body.id}/confirm`, { code: await totpCode(secret) });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  return { id: added.body.id, secret };
}
