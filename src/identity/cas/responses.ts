/*
 * The validation answers, as the CAS 3.0 specification writes them:
 * - CAS 1.0 (/cas/validate): `yes\n<user>\n` or `no\n\n`, plain text;
 * - CAS 2.0 and 3.0: `<cas:serviceResponse>` XML, or with `format=JSON` the
 *   same as `{"serviceResponse": …}`. A multi-valued attribute repeats its
 *   element in XML and is an array in JSON.
 * Values are escaped; a failure never echoes the ticket.
 */
import type { Attributes } from "./attributes.ts";
import type { CasErrorCode } from "./validate.ts";

export type Format = "XML" | "JSON";

export type Answer = { type: string; body: string };

const XML_TYPE = "application/xml; charset=utf-8";
const JSON_TYPE = "application/json; charset=utf-8";

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function xml(inner: string): string {
  return `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">\n${inner}\n</cas:serviceResponse>\n`;
}

function xmlAttributes(attributes: Attributes): string {
  const lines = Object.entries(attributes).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((one) => `      <cas:${name}>${escapeXml(String(one))}</cas:${name}>`),
  );
  return `    <cas:attributes>\n${lines.join("\n")}\n    </cas:attributes>`;
}

export function successAnswer(format: Format, user: string, attributes: Attributes): Answer {
  if (format === "JSON") return { type: JSON_TYPE, body: JSON.stringify({ serviceResponse: { authenticationSuccess: { user, attributes } } }) };
  return {
    type: XML_TYPE,
    body: xml(`  <cas:authenticationSuccess>\n    <cas:user>${escapeXml(user)}</cas:user>\n${xmlAttributes(attributes)}\n  </cas:authenticationSuccess>`),
  };
}

export function failureAnswer(format: Format, code: CasErrorCode, description: string): Answer {
  if (format === "JSON") return { type: JSON_TYPE, body: JSON.stringify({ serviceResponse: { authenticationFailure: { code, description } } }) };
  return { type: XML_TYPE, body: xml(`  <cas:authenticationFailure code="${code}">${escapeXml(description)}</cas:authenticationFailure>`) };
}

export function cas1Answer(user: string | null): Answer {
  return { type: "text/plain; charset=utf-8", body: user ? `yes\n${user}\n` : "no\n\n" };
}
