/*
 * OCRA against every test vector of RFC 6287 Appendix C, on node:crypto and
 * on WebCrypto (what the app uses), and its refusals of malformed suites and
 * inputs.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type HashName, type Hmac, ocra, OcraError, parseSuite } from "./ocra.ts";
import { nodeHmac } from "./ocra-node.ts";

const hex = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(Buffer.from(text, "hex"));
const SEED = hex("3132333435363738393031323334353637383930");
const SEED32 = hex("3132333435363738393031323334353637383930313233343536373839303132");
const SEED64 = hex("31323334353637383930313233343536373839303132333435363738393031323334353637383930313233343536373839303132333435363738393031323334");
const PIN_1234_SHA1 = "7110eda4d09e062aa5e4a390b0a572ac0d2c0220";
const T = 0x132d0b6;

function webCryptoHmac(secret: Uint8Array<ArrayBuffer>): Hmac {
  return async (hash: HashName, data) => {
    const key = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: hash.replace("SHA", "SHA-") }, false, ["sign"]);
    return new Uint8Array(await crypto.subtle.sign("HMAC", key, data as Uint8Array<ArrayBuffer>));
  };
}

type Vector = { suite: string; key: Uint8Array<ArrayBuffer>; counter?: number; question: string; pin?: boolean; time?: boolean; expected: string };

const numbered = (suite: string, key: Uint8Array<ArrayBuffer>, answers: string[], extra: Partial<Vector> = {}): Vector[] =>
  answers.map((expected, i) => ({ suite, key, question: String(i).repeat(8), expected, ...extra }));

const VECTORS: Vector[] = [
  // C.1 One-way challenge-response
  ...numbered("OCRA-1:HOTP-SHA1-6:QN08", SEED, ["237653", "243178", "653583", "740991", "608993", "388898", "816933", "224598", "750600", "294470"]),
  ...["65347737", "86775851", "78192410", "71565254", "10104329", "65983500", "70069104", "91771096", "75011558", "08522129"].map((expected, counter) => ({
    suite: "OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1",
    key: SEED32,
    counter,
    question: "12345678",
    pin: true,
    expected,
  })),
  ...numbered("OCRA-1:HOTP-SHA256-8:QN08-PSHA1", SEED32, ["83238735", "01501458", "17957585", "86776967", "86807031"], { pin: true }),
  ...["07016083", "63947962", "70123924", "25341727", "33203315", "34205738", "44343969", "51946085", "20403879", "31409299"].map((expected, counter) => ({
    suite: "OCRA-1:HOTP-SHA512-8:C-QN08",
    key: SEED64,
    counter,
    question: String(counter).repeat(8),
    expected,
  })),
  ...numbered("OCRA-1:HOTP-SHA512-8:QN08-T1M", SEED64, ["95209754", "55907591", "22048402", "24218844", "36209546"], { time: true }),
  // C.2 Mutual challenge-response
  ...["28247970", "01984843", "65387857", "03351211", "83412541"].map((expected, i) => ({
    suite: "OCRA-1:HOTP-SHA256-8:QA08",
    key: SEED32,
    question: `CLI2222${i}SRV1111${i}`,
    expected,
  })),
  ...["15510767", "90175646", "33777207", "95285278", "28934924"].map((expected, i) => ({
    suite: "OCRA-1:HOTP-SHA256-8:QA08",
    key: SEED32,
    question: `SRV1111${i}CLI2222${i}`,
    expected,
  })),
  ...["79496648", "76831980", "12250499", "90856481", "12761449"].map((expected, i) => ({
    suite: "OCRA-1:HOTP-SHA512-8:QA08",
    key: SEED64,
    question: `CLI2222${i}SRV1111${i}`,
    expected,
  })),
  ...["18806276", "70020315", "01600026", "18951020", "32528969"].map((expected, i) => ({
    suite: "OCRA-1:HOTP-SHA512-8:QA08-PSHA1",
    key: SEED64,
    question: `SRV1111${i}CLI2222${i}`,
    pin: true,
    expected,
  })),
  // C.3 Plain signature
  ...["53095496", "04110475", "31331128", "76028668", "46554205"].map((expected, i) => ({
    suite: "OCRA-1:HOTP-SHA256-8:QA08",
    key: SEED32,
    question: `SIG1${i}000`,
    expected,
  })),
  ...["77537423", "31970405", "10235557", "95213541", "65360607"].map((expected, i) => ({
    suite: "OCRA-1:HOTP-SHA512-8:QA10-T1M",
    key: SEED64,
    question: `SIG1${i}00000`,
    time: true,
    expected,
  })),
];

const inputOf = (vector: Vector) => ({
  counter: vector.counter,
  question: vector.question,
  passwordHash: vector.pin ? PIN_1234_SHA1 : undefined,
  timeSteps: vector.time ? T : undefined,
});

describe("OCRA (RFC 6287)", () => {
  it(`gives every response of Appendix C (${VECTORS.length} vectors) on node:crypto`, async () => {
    for (const vector of VECTORS) {
      assert.equal(await ocra(vector.suite, nodeHmac(vector.key), inputOf(vector)), vector.expected, `${vector.suite} ${vector.question} C=${vector.counter}`);
    }
  });

  it("gives the same responses on WebCrypto, as the app computes them", async () => {
    for (const vector of VECTORS) assert.equal(await ocra(vector.suite, webCryptoHmac(vector.key), inputOf(vector)), vector.expected);
  });

  it("reads a suite's parts", () => {
    assert.deepEqual(parseSuite("OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1"), {
      text: "OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1",
      hash: "SHA256",
      digits: 8,
      counter: true,
      question: { format: "N", maxLength: 8 },
      password: "SHA1",
    });
    assert.equal(parseSuite("OCRA-1:HOTP-SHA512-8:QA10-T1M").timeStepSeconds, 60);
    assert.equal(parseSuite("OCRA-1:HOTP-SHA1-6:QH40-S064").sessionBytes, 64);
  });

  it("refuses malformed suites", () => {
    for (const suite of [
      "OCRA-2:HOTP-SHA1-6:QN08",
      "OCRA-1:HOTP-MD5-6:QN08",
      "OCRA-1:HOTP-SHA1-3:QN08",
      "OCRA-1:HOTP-SHA1-6:PSHA1",
      "OCRA-1:HOTP-SHA1-6:QN08-PSHA1-C",
      "OCRA-1:HOTP-SHA1-6:QX08",
      "OCRA-1:HOTP-SHA1-6:QN99",
      "OCRA-1:HOTP-SHA1-6",
    ])
      assert.throws(() => parseSuite(suite), OcraError, suite);
  });

  it("refuses inputs that do not fit the suite", async () => {
    const hmac = nodeHmac(SEED32);
    const refuses = (suite: string, input: Parameters<typeof ocra>[2]) => assert.rejects(ocra(suite, hmac, input), OcraError, JSON.stringify(input));
    await refuses("OCRA-1:HOTP-SHA256-8:QN08", { question: "1234567a" });
    await refuses("OCRA-1:HOTP-SHA256-8:QN08", { question: "12345678901234567" });
    await refuses("OCRA-1:HOTP-SHA256-8:QN08", { question: "123" });
    await refuses("OCRA-1:HOTP-SHA256-8:QA10", { question: "AB CD EFGH" });
    await refuses("OCRA-1:HOTP-SHA256-8:QH08", { question: "XYZ12345" });
    await refuses("OCRA-1:HOTP-SHA256-8:QA10-PSHA1", { question: "ABCDEFGH" });
    await refuses("OCRA-1:HOTP-SHA256-8:QA10-PSHA1", { question: "ABCDEFGH", passwordHash: `${PIN_1234_SHA1}00` });
    await refuses("OCRA-1:HOTP-SHA256-8:C-QA10", { question: "ABCDEFGH" });
  });

  it("answers differently to another question, PIN or key", async () => {
    const suite = "OCRA-1:HOTP-SHA256-8:QA10-PSHA1";
    const base = await ocra(suite, nodeHmac(SEED32), { question: "K7QX2M9PZA", passwordHash: PIN_1234_SHA1 });
    assert.match(base, /^\d{8}$/);
    assert.notEqual(await ocra(suite, nodeHmac(SEED32), { question: "K7QX2M9PZB", passwordHash: PIN_1234_SHA1 }), base);
    assert.notEqual(await ocra(suite, nodeHmac(SEED32), { question: "K7QX2M9PZA", passwordHash: "f7c3bc1d808e04732adf679965ccc34ca7ae3441" }), base);
    assert.notEqual(await ocra(suite, nodeHmac(SEED64), { question: "K7QX2M9PZA", passwordHash: PIN_1234_SHA1 }), base);
  });
});
