/*
 * The pickers' HTTP API on the whole system: only CPMS members search, input
 * is bounded, answers are the lookup's, best first, and the search has a
 * limit of its own, counted per session.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { TestBrowser } from "../../platform/testing/http-client.ts";
import type { System } from "../../system.ts";
import { type CpmsTestUser, cpmsUser, grant, startCpmsTestSystem } from "../authorizations/testing.ts";
import { terms } from "./tables.ts";
import { TERMS_RATE_LIMIT } from "./routes.ts";

let system: System;
let member: CpmsTestUser;

before(async () => {
  system = await startCpmsTestSystem();
  member = await cpmsUser(system, "Hélène", "Picker");
  await grant(system, member.sub, "HP", ["EURACAN", "FR", "FR01"]);
  await system.database.db.insert(terms).values({
    system: "HPO",
    code: "HP:0002069",
    label: "Generalized tonic-clonic seizures",
    isObsolete: true,
    replacedBy: "HP:0001250",
    labelKey: "generalized tonic-clonic seizures",
    searchText: " generalized tonic clonic seizures ",
    source: "test",
  });
});
after(async () => {
  await system?.close();
});

describe("who may search", () => {
  test("signed out: 401, whatever the query", async () => {
    const browser = new TestBrowser(system.server("cpms"));
    assert.equal((await browser.get("/api/terms?system=HPO&q=seizure")).status, 401);
    assert.equal((await browser.get("/api/terms?system=NOPE")).status, 401);
    assert.equal((await browser.get("/api/terms/HPO/HP:0001250")).status, 401);
  });

  test("signed in without a granted CPMS right: 403", async () => {
    const outsider = await cpmsUser(system, "Otto", "Outside");
    const answer = await outsider.browser.get("/api/terms?system=HPO&q=seizure");
    assert.equal(answer.status, 403);
    assert.equal(answer.body.code, "no_cpms_rights");
  });
});

describe("GET /api/terms", () => {
  test("a member searches each terminology, best match first, with an Orphanet concept's ICD-10 codes", async () => {
    const hpo = await member.browser.get("/api/terms?system=HPO&q=seiz");
    assert.equal(hpo.status, 200);
    assert.deepEqual(
      hpo.body.terms.map((term: { code: string }) => term.code),
      ["HP:0001250", "HP:0007359"],
      "never the obsolete HP:0002069",
    );
    assert.deepEqual(hpo.body.terms[0], { system: "HPO", code: "HP:0001250", label: "Seizure", synonyms: ["Seizures", "Epileptic seizure"] });
    const orpha = await member.browser.get("/api/terms?system=ORPHA&q=marfan");
    assert.deepEqual(orpha.body.terms, [{ system: "ORPHA", code: "ORPHA:558", label: "Marfan syndrome", synonyms: [], icd10: ["Q87.4"] }]);
    const icd10 = await member.browser.get("/api/terms?system=ICD10&q=C49.9");
    assert.equal(icd10.body.terms[0].code, "C49.9");
    const limited = await member.browser.get("/api/terms?system=ICD10&q=c&limit=3");
    assert.equal(limited.body.terms.length, 3);
  });

  test("bad input is a 400 naming the field, with the message a user reads", async () => {
    const cases: [string, string][] = [
      ["/api/terms?system=SNOMED&q=x", "Choose a terminology: HPO, ORPHA or ICD10."],
      ["/api/terms?system=HPO", "This field is required."],
      [`/api/terms?system=HPO&q=${"a".repeat(101)}`, "Type 1 to 100 characters to search."],
      ["/api/terms?system=HPO&q=a&limit=0", "Ask for 1 to 50 terms."],
      ["/api/terms?system=HPO&q=a&limit=51", "Ask for 1 to 50 terms."],
      ["/api/terms?system=HPO&q=a&order=label", 'Unexpected field "order".'],
    ];
    for (const [url, detail] of cases) {
      const answer = await member.browser.get(url);
      assert.equal(answer.status, 400, url);
      assert.equal(answer.headers["content-type"], "application/problem+json; charset=utf-8");
      assert.equal(answer.body.detail, detail, url);
    }
    const tooLong = await member.browser.get(`/api/terms?system=HPO&q=${"a".repeat(101)}`);
    assert.deepEqual(tooLong.body.errors, [{ field: "q", detail: "Type 1 to 100 characters to search." }]);
  });

  test("the search has its own limit, counted per session: the answer says how many a minute", async () => {
    const answer = await member.browser.get("/api/terms?system=HPO&q=ataxia");
    assert.equal(Number(answer.headers["x-ratelimit-limit"]), TERMS_RATE_LIMIT.max);
    const other = await cpmsUser(system, "Paul", "Colleague");
    await grant(system, other.sub, "HP", ["EURACAN", "FR", "FR01"]);
    const first = Number(answer.headers["x-ratelimit-remaining"]);
    const colleague = await other.browser.get("/api/terms?system=HPO&q=ataxia");
    assert.equal(Number(colleague.headers["x-ratelimit-remaining"]), TERMS_RATE_LIMIT.max - 1, "a colleague behind the same address has a count of his own");
    const again = await member.browser.get("/api/terms?system=HPO&q=ataxi");
    assert.equal(Number(again.headers["x-ratelimit-remaining"]), first - 1);
  });
});

describe("GET /api/terms/:system/:code", () => {
  test("one term by its code, with its mappings", async () => {
    const answer = await member.browser.get("/api/terms/ORPHA/ORPHA:586");
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, {
      system: "ORPHA",
      code: "ORPHA:586",
      label: "Cystic fibrosis",
      synonyms: ["Mucoviscidosis", "CF"],
      icd10: ["E84.9"],
      isObsolete: false,
      replacedBy: null,
    });
  });

  test("an obsolete term is shown flagged, with its replacement", async () => {
    const answer = await member.browser.get("/api/terms/HPO/HP:0002069");
    assert.equal(answer.status, 200);
    assert.equal(answer.body.isObsolete, true);
    assert.equal(answer.body.replacedBy, "HP:0001250");
  });

  test("an unknown or non-canonical code is a 404; an unknown system or an oversized code a 400", async () => {
    for (const url of ["/api/terms/HPO/HP:9999999", "/api/terms/HPO/hp:0001250", "/api/terms/ORPHA/558", "/api/terms/ICD10/ORPHA:558"]) {
      const answer = await member.browser.get(url);
      assert.equal(answer.status, 404, url);
      assert.match(answer.body.detail, /^There is no (HPO|ORPHA|ICD10) term /);
    }
    assert.equal((await member.browser.get("/api/terms/MESH/D001")).status, 400);
    assert.equal((await member.browser.get(`/api/terms/HPO/HP:${"1".repeat(30)}`)).status, 400);
  });
});
