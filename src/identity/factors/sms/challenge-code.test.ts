import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { hashChallengeCode, isSameCode, newChallengeCode } from "./challenge-code.ts";

describe("SMS challenge codes", () => {
  test("a code is eight characters without look-alikes, in two groups of four", () => {
    const codes = Array.from({ length: 500 }, newChallengeCode);
    for (const code of codes) assert.match(code, /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    assert.equal(new Set(codes).size, codes.length, "codes do not repeat");
  });

  test("an answer matches ignoring case, hyphens and spaces, and the hash is not the code", () => {
    const hash = hashChallengeCode("K7QF-M2XP");
    assert.notEqual(hash, "K7QF-M2XP");
    for (const answer of ["K7QF-M2XP", "k7qf-m2xp", "K7QFM2XP", " k7qf m2xp "]) assert.ok(isSameCode(answer, hash), answer);
    for (const answer of ["K7QF-M2XQ", "K7QF", "", 12345678, undefined]) assert.equal(isSameCode(answer, hash), false, String(answer));
  });
});
