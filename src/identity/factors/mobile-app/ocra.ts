/*
 * OCRA, the OATH Challenge-Response Algorithm (RFC 6287), for the Mobile App
 * QR Code method: the app turns the QR code's question into an 8-digit code
 * with its device secret and the PIN, and the service does the same to check.
 *
 * Runs unchanged on the server and in the command (node:crypto, see
 * ocra-node.ts) and in the app (WebCrypto, with a non-extractable key): the
 * HMAC is given, so this file imports nothing.
 *
 * A suite reads "OCRA-1:HOTP-<SHA1|SHA256|SHA512>-<0|4..10>:<DataInput>",
 * DataInput being "-"-separated, in this order: C (counter), Q<A|N|H><04..64>
 * (question: alphanumeric, numeric, hexadecimal), P<SHA1|SHA256|SHA512> (hash
 * of the PIN), S<nnn> (session information of nnn bytes), T<n><S|M|H> (time
 * step). The message is the suite, a zero byte, then each input present:
 * C as 8 bytes, Q as 128 bytes (its bytes, zero-padded on the right),
 * P as the hash, S as nnn bytes and T as 8 bytes (left-padded); the response
 * is the HMAC, dynamically truncated as in HOTP (RFC 4226).
 */
export type HashName = "SHA1" | "SHA256" | "SHA512";
/** HMAC of `data` with the secret under `hash`. */
export type Hmac = (hash: HashName, data: Uint8Array) => Promise<Uint8Array>;

export type OcraSuite = {
  text: string;
  hash: HashName;
  digits: number;
  counter: boolean;
  question?: { format: "A" | "N" | "H"; maxLength: number };
  password?: HashName;
  sessionBytes?: number;
  timeStepSeconds?: number;
};

export type OcraInput = {
  counter?: bigint | number;
  /** The question as the user or the QR code gives it (digits for N, characters for A, hex for H). */
  question?: string;
  /** Hash of the PIN, in hexadecimal (the `P` input). */
  passwordHash?: string;
  /** Session information, in hexadecimal. */
  session?: string;
  /** Number of time steps since the epoch (e.g. minutes for T1M); defaults to now. */
  timeSteps?: bigint | number;
};

const HASH_BYTES: Record<HashName, number> = { SHA1: 20, SHA256: 32, SHA512: 64 };
const STEP_SECONDS = { S: 1, M: 60, H: 3600 } as const;

export class OcraError extends Error {}

export function parseSuite(text: string): OcraSuite {
  const [version, cryptoFunction, dataInput, ...rest] = text.split(":");
  if (version !== "OCRA-1" || !cryptoFunction || dataInput === undefined || rest.length) throw new OcraError(`Not an OCRA suite: ${text}`);
  const crypto = /^HOTP-(SHA1|SHA256|SHA512)-(\d{1,2})$/.exec(cryptoFunction);
  if (!crypto) throw new OcraError(`Unknown crypto function ${cryptoFunction}`);
  const digits = Number(crypto[2]);
  if (digits !== 0 && (digits < 4 || digits > 10)) throw new OcraError(`Truncation to ${digits} digits is not allowed`);
  const suite: OcraSuite = { text, hash: crypto[1] as HashName, digits, counter: false };
  const parts = dataInput.split("-");
  let position = 0;
  if (parts[position] === "C") {
    suite.counter = true;
    position++;
  }
  const question = /^Q([ANH])(\d{2})$/.exec(parts[position] ?? "");
  if (!question) throw new OcraError(`The data input of ${text} has no question (Q)`);
  const maxLength = Number(question[2]);
  if (maxLength < 4 || maxLength > 64) throw new OcraError(`Question length ${maxLength} is out of 04..64`);
  suite.question = { format: question[1] as "A" | "N" | "H", maxLength };
  position++;
  for (; position < parts.length; position++) {
    const part = parts[position];
    const password = /^P(SHA1|SHA256|SHA512)$/.exec(part);
    const session = /^S(\d{3})$/.exec(part);
    const time = /^T(\d{1,2})([SMH])$/.exec(part);
    if (password && !suite.password && suite.sessionBytes === undefined && suite.timeStepSeconds === undefined) suite.password = password[1] as HashName;
    else if (session && suite.sessionBytes === undefined && suite.timeStepSeconds === undefined) suite.sessionBytes = Number(session[1]);
    else if (time && suite.timeStepSeconds === undefined) suite.timeStepSeconds = Number(time[1]) * STEP_SECONDS[time[2] as keyof typeof STEP_SECONDS];
    else throw new OcraError(`Unexpected data input ${part} in ${text}`);
  }
  return suite;
}

function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2) throw new OcraError("odd-length hexadecimal");
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    const byte = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    if (Number.isNaN(byte)) throw new OcraError("not hexadecimal");
    bytes[i] = byte;
  }
  return bytes;
}

/** `hex` as `length` bytes, left-padded with zeros. */
function leftPadded(hex: string, length: number, what: string): Uint8Array {
  if (!/^[0-9a-f]*$/i.test(hex)) throw new OcraError(`${what} is not hexadecimal`);
  if (hex.length > length * 2) throw new OcraError(`${what} is longer than ${length} bytes`);
  return hexToBytes(hex.padStart(length * 2, "0"));
}

/**
 * The question's bytes as RFC 6287 §5.1 puts them: numeric as a big number,
 * the others as written. The mutual mode (§7.3) asks the two challenges
 * concatenated, so a question may be twice the suite's length.
 */
function questionHex(question: string, format: "A" | "N" | "H", maxLength: number): string {
  if (question.length < 4 || question.length > 2 * maxLength) throw new OcraError(`The question must have 4 to ${2 * maxLength} characters`);
  if (format === "N") {
    if (!/^\d+$/.test(question)) throw new OcraError("The question must be digits");
    return BigInt(question).toString(16).toUpperCase();
  }
  if (format === "H") {
    if (!/^[0-9a-f]+$/i.test(question)) throw new OcraError("The question must be hexadecimal");
    return question;
  }
  if (!/^[\x21-\x7e]+$/.test(question)) throw new OcraError("The question must be printable ASCII characters");
  return [...question].map((character) => character.charCodeAt(0).toString(16).padStart(2, "0")).join("");
}

export function ocraMessage(suite: OcraSuite, input: OcraInput): Uint8Array {
  const parts: Uint8Array[] = [new TextEncoder().encode(suite.text), new Uint8Array([0])];
  if (suite.counter) {
    if (input.counter === undefined) throw new OcraError("The suite needs a counter");
    parts.push(leftPadded(BigInt(input.counter).toString(16), 8, "The counter"));
  }
  if (suite.question) {
    if (input.question === undefined) throw new OcraError("The suite needs a question");
    // Padded on the right, in hexadecimal digits, to 128 bytes (as the RFC's reference code does).
    parts.push(hexToBytes(questionHex(input.question, suite.question.format, suite.question.maxLength).padEnd(256, "0")));
  }
  if (suite.password) {
    if (input.passwordHash === undefined) throw new OcraError("The suite needs the PIN's hash");
    parts.push(leftPadded(input.passwordHash, HASH_BYTES[suite.password], "The PIN's hash"));
  }
  if (suite.sessionBytes !== undefined) {
    if (input.session === undefined) throw new OcraError("The suite needs session information");
    parts.push(leftPadded(input.session, suite.sessionBytes, "The session information"));
  }
  if (suite.timeStepSeconds !== undefined) {
    const steps = input.timeSteps ?? Math.floor(Date.now() / 1000 / suite.timeStepSeconds);
    parts.push(leftPadded(BigInt(steps).toString(16), 8, "The time"));
  }
  const message = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    message.set(part, offset);
    offset += part.length;
  }
  return message;
}

/** The response of `suite` (parsed or as text) to `input`, as a string of its digits (hexadecimal HMAC when digits is 0). */
export async function ocra(suite: OcraSuite | string, hmac: Hmac, input: OcraInput): Promise<string> {
  const parsed = typeof suite === "string" ? parseSuite(suite) : suite;
  const mac = await hmac(parsed.hash, ocraMessage(parsed, input));
  if (parsed.digits === 0) return [...mac].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 10 ** parsed.digits).padStart(parsed.digits, "0");
}
