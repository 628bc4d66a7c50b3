import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Problem } from "../../platform/http/errors.ts";
import { authenticationLevelOf, meetsStrengths, methodsProving, parseAcceptStrengths, parseAuthenticationLevel, strengthsOf } from "./strengths.ts";

describe("EU Login strengths and levels", () => {
  test("each way of signing in maps to the strengths it proves", () => {
    assert.deepEqual(strengthsOf(["pwd"]), ["PASSWORD"]);
    assert.deepEqual(strengthsOf(["pwd", "sms", "mfa"]), ["PASSWORD", "PASSWORD_SMS"]);
    assert.deepEqual(strengthsOf(["pwd", "hwk", "user", "mfa"]), ["PASSWORD", "PASSWORD_WEBAUTHN"]);
    assert.deepEqual(strengthsOf(["pwd", "swk", "user", "mfa"]), ["PASSWORD", "PASSWORD_WEBAUTHN"]);
    assert.deepEqual(strengthsOf(["pwd", "otp", "mfa"]), ["PASSWORD", "PASSWORD_SOFTWARE_TOKEN"], "an authenticator app or a recovery code");
    assert.deepEqual(strengthsOf(["pwd", "swk", "pin", "mfa"]), ["PASSWORD", "PASSWORD_MOBILE_APP"], "the authenticator's PIN approval");
    assert.deepEqual(
      strengthsOf(["pwd", "swk", "user", "mca", "mfa"]),
      ["PASSWORD", "PASSWORD_MOBILE_APP"],
      "the authenticator's fingerprint or face approval",
    );
    assert.deepEqual(strengthsOf(["pwd", "otp", "pin", "mfa"]), ["PASSWORD", "PASSWORD_SOFTWARE_TOKEN"], "the authenticator's QR code");
    assert.deepEqual(strengthsOf(["pwd", "sms", "hwk", "user", "mfa"]), ["PASSWORD", "PASSWORD_SMS", "PASSWORD_WEBAUTHN"], "a stepped-up session proves both");
    assert.deepEqual(strengthsOf([]), []);
  });

  test("a sign-in meets acceptStrengths when it proves one of them; PASSWORD_MOBILE_APP also satisfies MOBILE_APP", () => {
    assert.ok(meetsStrengths(["pwd", "sms", "mfa"], ["PASSWORD_SMS", "PASSWORD_WEBAUTHN"]));
    assert.ok(meetsStrengths(["pwd", "sms", "mfa"], ["PASSWORD"]));
    assert.ok(!meetsStrengths(["pwd"], ["PASSWORD_SMS"]));
    assert.ok(!meetsStrengths(["pwd", "otp", "mfa"], ["PASSWORD_WEBAUTHN"]));
    assert.ok(meetsStrengths(["pwd", "swk", "pin", "mfa"], ["MOBILE_APP"]));
    assert.ok(!meetsStrengths(["pwd", "swk", "pin", "mfa"], ["PASSWORD_WEBAUTHN"]), "the app's key is not a passkey");
    assert.ok(!meetsStrengths(["pwd", "swk", "user", "mfa"], ["PASSWORD_MOBILE_APP"]), "a passkey is not the app");
    assert.ok(!meetsStrengths(["pwd", "swk", "user", "mca", "mfa"], ["PASSWORD_WEBAUTHN"]), "the phone's fingerprint is not a passkey here");
    assert.ok(!meetsStrengths(["pwd", "sms", "mfa"], ["MOBILE_APP"]));
  });

  test("the methods a step-up may offer for a set of strengths", () => {
    assert.deepEqual(methodsProving(["PASSWORD_SMS"]), ["sms"]);
    assert.deepEqual(methodsProving(["PASSWORD_SOFTWARE_TOKEN", "PASSWORD_WEBAUTHN"]), ["mobile-app-qr", "totp", "recovery", "webauthn"]);
    assert.deepEqual(methodsProving(["PASSWORD_MOBILE_APP", "MOBILE_APP"]), ["mobile-app-pin"]);
  });

  test("levels map both ways; unknown names are a bad request naming what is allowed", () => {
    assert.equal(parseAuthenticationLevel("BASIC"), "low");
    assert.equal(parseAuthenticationLevel("medium"), "substantial");
    assert.equal(parseAuthenticationLevel("HIGH"), "high");
    assert.equal(authenticationLevelOf("low"), "BASIC");
    assert.equal(authenticationLevelOf("substantial"), "MEDIUM");
    assert.equal(authenticationLevelOf("high"), "HIGH");
    assert.deepEqual(parseAcceptStrengths(" PASSWORD_SMS, password_webauthn ,PASSWORD_SMS"), ["PASSWORD_SMS", "PASSWORD_WEBAUTHN"]);
    assert.throws(
      () => parseAuthenticationLevel("TOP"),
      (error: Problem) => error.status === 400 && /Unknown authenticationLevel “TOP”: use BASIC, MEDIUM or HIGH/.test(error.message),
    );
    assert.throws(
      () => parseAcceptStrengths("PASSWORD,NINJA"),
      (error: Problem) => error.status === 400 && /Unknown strength “NINJA” in acceptStrengths: use PASSWORD, PASSWORD_SMS/.test(error.message),
    );
    assert.throws(() => parseAcceptStrengths(" , "), /names no strength/);
  });
});
