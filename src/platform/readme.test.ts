/*
 * The README documents every configuration variable. This test fails until the
 * README names each variable config.ts declares.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadConfig, VARIABLES } from "./config.ts";

const README = fileURLToPath(new URL("../../README.md", import.meta.url));

test("the README documents every configuration variable", () => {
  loadConfig({});
  assert.ok(VARIABLES.length >= 20, "loadConfig declares its variables");
  assert.ok(fs.existsSync(README), `${README} is missing`);
  const readme = fs.readFileSync(README, "utf8");
  const missing = VARIABLES.map((v) => v.name).filter((name) => !new RegExp(`\\b${name}\\b`).test(readme));
  assert.deepEqual(missing, [], `README.md does not mention: ${missing.join(", ")}`);
});
