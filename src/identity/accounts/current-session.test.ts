import assert from "node:assert/strict";
import { test } from "node:test";
import { AuthenticationRequired } from "../../platform/http/errors.ts";
import { RECENT_MINUTES, requireAssurance, requireRecentSignIn } from "./current-session.ts";
import type { CurrentSession } from "./sessions.ts";

const session = (acr: CurrentSession["acr"], minutesAgo: number) =>
  ({ acr, amr: [], authTime: new Date(Date.now() - minutesAgo * 60_000) }) as unknown as CurrentSession;

test("a page that requires an assurance level asks a lower session to step up, naming the level", () => {
  assert.throws(
    () => requireAssurance(session("low", 0), "substantial"),
    (error: AuthenticationRequired) => error.status === 401 && error.extensions.code === "step_up_required" && error.extensions.acr === "substantial",
  );
  assert.throws(() => requireAssurance(session("substantial", 0), "high"), AuthenticationRequired);
  assert.doesNotThrow(() => requireAssurance(session("substantial", 0), "substantial"));
  assert.doesNotThrow(() => requireAssurance(session("high", 0), "substantial"));
  assert.doesNotThrow(() => requireAssurance(session("low", 0), "low"));
});

test("a sensitive change needs a sign-in from the last few minutes", () => {
  assert.doesNotThrow(() => requireRecentSignIn(session("low", RECENT_MINUTES - 1)));
  assert.throws(
    () => requireRecentSignIn(session("high", RECENT_MINUTES + 1)),
    (error: AuthenticationRequired) => error.extensions.code === "reauthentication_required",
  );
});
