/*
 * SMS through an HTTP gateway, used when SMS_GATEWAY_URL is set; otherwise
 * SMS stay in the outbox (channel "sms"), readable with `opencpms outbox`
 * and /dev/outbox. The outbox's delivery worker calls this transport.
 * - one POST per message, with the configured header (a bearer token…) and
 *   the body template's {{to}} and {{text}} replaced, JSON-escaped, so a
 *   text with quotes or line breaks cannot break out of its string;
 * - any answer but 2xx, a network error or no answer within TIMEOUT_MS is a
 *   failure: the outbox retries it with backoff.
 */
import type { Transport } from "../mail/delivery.ts";

const TIMEOUT_MS = 10_000;

export type SmsGatewaySettings = {
  url: string;
  authHeader: { name: string; value: string } | undefined;
  bodyTemplate: string;
};

/** The template with its placeholders replaced by JSON-escaped values (without the quotes the template has). */
export function renderGatewayBody(template: string, values: { to: string; text: string }): string {
  const jsonEscape = (value: string) => JSON.stringify(value).slice(1, -1);
  return template.replace(/\{\{(to|text)\}\}/g, (_, name: "to" | "text") => jsonEscape(values[name]));
}

export function httpSmsGateway(settings: SmsGatewaySettings): Transport {
  return {
    send: async (message) => {
      const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
      if (settings.authHeader) headers[settings.authHeader.name.toLowerCase()] = settings.authHeader.value;
      const response = await fetch(settings.url, {
        method: "POST",
        headers,
        body: renderGatewayBody(settings.bodyTemplate, message),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (!response.ok) {
        const answer = (await response.text().catch(() => "")).slice(0, 200);
        throw new Error(`The SMS gateway answered ${response.status}${answer ? `: ${answer}` : ""}`);
      }
      await response.body?.cancel();
    },
  };
}
