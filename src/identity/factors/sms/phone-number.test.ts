import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadConfig } from "../../../platform/config.ts";
import { Problem } from "../../../platform/http/errors.ts";
import { callingCodeOf, FORMAT_MESSAGE, maskPhoneNumber, parsePhoneNumber } from "./phone-number.ts";

const allowed = loadConfig({}).sms.allowedCountryCodes;

const refusal = (typed: string) => {
  try {
    parsePhoneNumber(typed, allowed);
  } catch (error) {
    assert.ok(error instanceof Problem);
    assert.equal(error.errors?.[0].field, "number");
    return error.message;
  }
  assert.fail(`${typed} was accepted`);
};

describe("Mobile phone numbers", () => {
  test("a number in international format is accepted, trimmed", () => {
    assert.equal(parsePhoneNumber(" +321234567890 ", allowed), "+321234567890");
    assert.equal(parsePhoneNumber("+447700900123", allowed), "+447700900123");
    assert.equal(parsePhoneNumber("+359888123456", allowed), "+359888123456");
  });

  for (const typed of [
    "+32.123.45.67.89",
    "+32-123-456-789",
    "+32 (0) 123456789",
    "+32 123 456 789",
    "0032123456789",
    "32123456789",
    "+32abc456789",
    "+",
    "+0123456789",
    "+3212345678901234",
  ]) {
    test(`"${typed}" is refused with the seed guide's instruction`, () => {
      assert.equal(refusal(typed), FORMAT_MESSAGE);
    });
  }

  test("a country code outside the allowed ones is refused, naming it and the allowed ones", () => {
    const message = refusal("+12025550123");
    assert.match(message, /^Text messages cannot be sent to numbers with the country code \+1\. /);
    assert.match(message, /\+32, /);
    assert.match(refusal("+2348031234567"), /country code \+234\./);
    assert.equal(parsePhoneNumber("+12025550123", ["1"]), "+12025550123", "the allowed codes are configurable");
  });

  test("the default allowed codes are those of the EU, the EEA, the UK and Switzerland", () => {
    assert.equal(allowed.length, 32);
    for (const code of ["32", "33", "49", "351", "359", "354", "423", "47", "44", "41"]) assert.ok(allowed.includes(code), code);
    assert.ok(!allowed.includes("7") && !allowed.includes("1"));
  });

  test("calling codes of one, two and three digits are told apart; a masked number shows the code and the last three digits", () => {
    assert.equal(callingCodeOf("+12025550123"), "1");
    assert.equal(callingCodeOf("+321234567890"), "32");
    assert.equal(callingCodeOf("+351912345678"), "351");
    assert.equal(maskPhoneNumber("+321234567890"), "+32 *** *** 890");
    assert.equal(maskPhoneNumber("+351912345678"), "+351 *** *** 678");
  });
});
