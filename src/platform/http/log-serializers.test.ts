import assert from "node:assert/strict";
import { test } from "node:test";
import { DrizzleQueryError } from "drizzle-orm";
import { safeError } from "./log-serializers.ts";

test("a failed query is logged without the values of its statement", () => {
  const cause = Object.assign(new Error("connection terminated"), { code: "57P01" });
  const error = new DrizzleQueryError('insert into "identity"."outbox" ("to", "text") values ($1, $2)', ["ana@chlc.example", "token=SECRET-LINK-TOKEN"], cause);
  const logged = JSON.stringify(safeError(error));
  assert.doesNotMatch(logged, /SECRET-LINK-TOKEN/);
  assert.doesNotMatch(logged, /ana@chlc\.example/);
  assert.match(logged, /Failed query: insert into/);
  assert.match(logged, /57P01/);
});
