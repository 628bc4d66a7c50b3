import assert from "node:assert/strict";
import { test } from "node:test";
import { newRecoveryCodes, normaliseRecoveryCode } from "./codes.ts";

test("a set is ten distinct codes of two groups of five, without look-alike characters", () => {
  const codes = newRecoveryCodes();
  assert.equal(new Set(codes).size, 10);
  for (const code of codes) assert.match(code, /^[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}$/);
});

test("a typed code is read in any case, with or without spaces and hyphens", () => {
  assert.equal(normaliseRecoveryCode("abcde-fgh23"), "ABCDEFGH23");
  assert.equal(normaliseRecoveryCode(" ABCDE FGH23 "), "ABCDEFGH23");
  assert.equal(normaliseRecoveryCode("ABCDEFGH23"), "ABCDEFGH23");
});

test("what cannot be a code is refused before any hash is checked", () => {
  for (const answer of ["", "ABCDE", "ABCDE-FGH2O", "ABCDE-FGH231", 1234567890, undefined]) {
    assert.equal(normaliseRecoveryCode(answer), null, String(answer));
  }
});
