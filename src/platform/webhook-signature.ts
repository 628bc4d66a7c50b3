/*
 * Signed webhooks, the Standard Webhooks way (standardwebhooks.com):
 * - headers webhook-id (unique per event: receivers drop repeats),
 *   webhook-timestamp (Unix seconds) and webhook-signature
 *   "v1,<base64 HMAC-SHA256 of `${id}.${timestamp}.${body}`>", the key being
 *   the base64-decoded part of the "whsec_…" secret;
 * - verifyWebhook accepts any of the space-separated signatures (a sender
 *   may sign with several keys while rotating), compares in constant time,
 *   and refuses a timestamp more than five minutes away (replays).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

export class WebhookVerificationError extends Error {}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function keyOf(secret: string): Buffer {
  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret, "base64");
  if (key.length === 0) throw new WebhookVerificationError("The webhook secret is empty.");
  return key;
}

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac("sha256", keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

/** The three headers of a delivery. */
export function webhookHeaders(secret: string, id: string, timestamp: number, body: string): Record<string, string> {
  return { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signWebhook(secret, id, timestamp, body) };
}

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Checks a received webhook and returns its parsed payload; throws WebhookVerificationError otherwise. */
export function verifyWebhook(secret: string, headers: HeaderSource, body: string, now: Date = new Date()): unknown {
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signatures = header(headers, "webhook-signature");
  if (!id || !timestamp || !signatures) throw new WebhookVerificationError("The webhook-id, webhook-timestamp and webhook-signature headers are required.");
  const seconds = Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp)) throw new WebhookVerificationError("webhook-timestamp is not a Unix time in seconds.");
  if (Math.abs(now.getTime() / 1000 - seconds) > WEBHOOK_TOLERANCE_SECONDS) throw new WebhookVerificationError("webhook-timestamp is too far from now.");
  const expected = Buffer.from(signWebhook(secret, id, seconds, body));
  const matches = signatures.split(" ").some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new WebhookVerificationError("No webhook-signature matches the body.");
  return JSON.parse(body);
}
