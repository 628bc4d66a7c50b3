/*
 * The wizard's catalogue over real HTTP, signed in to access through
 * identity: the organisation tree as the seeds' screens show it, paging,
 * search across the tree, "(request submitted)", the profiles' status, and
 * every refusal.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { addPerson, signedInAtIdentity, signInTo } from "../../platform/http/oidc-sign-in-testing.ts";
import { FetchBrowser } from "../../platform/testing/fetch-browser.ts";
import { startTestSystem } from "../../platform/testing/test-system.ts";
import type { System } from "../../system.ts";
import type { OrganisationPage } from "../contract.ts";
import { rights } from "../requests/tables.ts";
import { MEMBERSHIPS } from "./data/memberships.ts";
import { seedAccessCatalog } from "./seed.ts";
import { profiles, providers } from "./tables.ts";

let system: System;
let browser: FetchBrowser;
let access: string;
let sub: string;

before(async () => {
  system = await startTestSystem({}, { listen: true });
  await seedAccessCatalog(system.database.db, { demoProviders: true });
  access = system.config.urls.access;
  ({ id: sub } = await addPerson(system));
  browser = await signedInAtIdentity(system);
  await signInTo(browser, access);
});
after(() => system.close());

async function organisations(query: Record<string, string>): Promise<OrganisationPage> {
  const answer = await browser.api(access, `/api/organisations?${new URLSearchParams({ application: "CPMS", ...query })}`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body;
}
const labels = (page: OrganisationPage) => page.rows.map((row) => row.label);

async function providerId(ern: string, country: string, code: string): Promise<string> {
  const [row] = await system.database.db
    .select({ id: providers.id })
    .from(providers)
    .where(and(eq(providers.ernCode, ern), eq(providers.countryCode, country), eq(providers.code, code)));
  return row.id;
}

describe("browsing the tree", () => {
  test("the top lists the 24 ERNs in the seeds' order, each opening", async () => {
    const page = await organisations({});
    assert.equal(page.total, 24);
    assert.deepEqual(page.trail, []);
    const shown = labels(page);
    assert.equal(shown[0], "BOND - Bone Disorders");
    const seeds = ["ERN-SKIN - Skin Disorders", "ERNICA - Inherited and Congenital Anomalies", "EURACAN - Adult Cancers", "EURO-NMD - Neuromuscular Diseases"];
    assert.deepEqual(shown.slice(shown.indexOf(seeds[0]), shown.indexOf(seeds[0]) + 4), seeds);
    assert.equal(shown.at(-1), "eUROGEN - Urogenital Diseases");
    const euracan = page.rows.find((row) => row.id === "EURACAN");
    assert.ok(euracan?.canOpen);
    assert.deepEqual(
      euracan.details.find((d) => d.label === "Website"),
      { label: "Website", value: "https://euracan.eu" },
    );
  });

  test("an ERN lists every country by name, 25 a page by default; page 2 has the rest", async () => {
    const first = await organisations({ ern: "EURACAN" });
    assert.equal(first.total, 30);
    assert.equal(first.perPage, 25);
    assert.deepEqual(first.trail, [{ kind: "ern", id: "EURACAN", label: "EURACAN - Adult Cancers" }]);
    assert.deepEqual(labels(first).slice(0, 7), ["Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Czech Republic", "Denmark"]);
    assert.equal(first.rows.length, 25);
    const second = await organisations({ ern: "EURACAN", page: "2" });
    assert.deepEqual(labels(second), ["Romania", "Slovakia", "Slovenia", "Spain", "Sweden"]);
    const tenAPage = await organisations({ ern: "EURACAN", page: "3", perPage: "10" });
    assert.deepEqual(labels(tenAPage), ["Malta", "Netherlands", "Norway", "Poland", "Portugal", "Romania", "Slovakia", "Slovenia", "Spain", "Sweden"]);
    const france = first.rows.find((row) => row.label === "France");
    assert.equal(france?.id, "EURACAN/FR");
    assert.deepEqual(france?.details.at(-1), { label: "Members of EURACAN here", value: "7 healthcare providers" });
  });

  test("EURACAN / France: Guest Access and the seeds' seven hospitals, 'Showing 1 to 8 of 8 entries'", async () => {
    const page = await organisations({ ern: "EURACAN", country: "FR" });
    assert.equal(page.total, 8);
    assert.deepEqual(page.trail.at(-1), { kind: "country", id: "EURACAN/FR", label: "France" });
    assert.deepEqual(labels(page), [
      "0000 Guest Access",
      "FR01 - Assistance Publique-Hôpitaux de Paris, Hôpital Pitié-Salpêtrière",
      "FR03 - Assistance Publique-Hôpitaux de Paris, Hôpital Cochin",
      "FR12 - Hôpital Tenon",
      "FR18 - Centre Léon Bérard",
      "FR25 - Hospices Civils de Lyon",
      "FR36 - Institut Curie",
      "FR37 - Institut Gustave Roussy",
    ]);
    const curie = page.rows[6];
    assert.equal(curie.canOpen, false);
    assert.equal(curie.path, "EURACAN - Adult Cancers / France");
    assert.deepEqual(curie.details, [
      { label: "Code", value: "FR36" },
      { label: "Name", value: "Institut Curie" },
      { label: "City", value: "Paris" },
      { label: "Website", value: "https://institut-curie.org" },
      { label: "ERN", value: "EURACAN - Adult Cancers" },
      { label: "Country", value: "France" },
    ]);
  });

  test("ReCONNET / Italy: 'Showing 1 to 9 of 9 entries' as in the seed", async () => {
    const page = await organisations({ ern: "ReCONNET", country: "IT" });
    assert.equal(page.total, 9);
    assert.deepEqual(labels(page), [
      "0000 Guest Access",
      "IT04 - Civil Hospital - Brescia",
      "IT07 - University Hospital of Padova",
      "IT08 - AOU Pisana",
      "IT13 - AOU Careggi, Florence",
      "IT34 - Foundation IRCCS CA'Granda Ospedale Maggiore polyclinic - Milan",
      "IT37 - Foundation IRCCS Polyclinic San Matteo, Pavia",
      "IT42 - IRCCS AOU San Martino - Genoa",
      "IT61 - AO San Camillo Forlanini - Rome",
    ]);
  });
});

describe("searching", () => {
  const ernsWith = (country: string, code: string) =>
    Object.entries(MEMBERSHIPS)
      .filter(([, byCountry]) => byCountry[country]?.split(" ").includes(code))
      .map(([ern]) => ern);

  test("a provider's name, without its accents, finds it in every ERN from the top", async () => {
    const expected = ernsWith("FR", "FR01");
    assert.ok(expected.length > 1);
    for (const search of ["Pitié-Salpêtrière", "pitie salpetriere"]) {
      const page = await organisations({ search });
      assert.equal(page.total, expected.length);
      assert.ok(page.rows.every((row) => row.kind === "provider" && row.label.startsWith("FR01 - ")));
      assert.deepEqual(page.rows.map((row) => row.ernCode).sort(), [...expected].sort());
      assert.ok(page.rows.some((row) => row.path === "EURACAN - Adult Cancers / France"));
    }
  });

  test("a code inside an ERN finds that provider only", async () => {
    const page = await organisations({ ern: "ReCONNET", search: "IT08" });
    assert.equal(page.total, 1);
    assert.deepEqual(labels(page), ["IT08 - AOU Pisana"]);
    assert.equal(page.rows[0].path, "ReCONNET - Connective Tissue and Musculoskeletal Diseases / Italy");
  });

  test("a city finds its hospitals across the tree, and inside an ERN only that ERN's", async () => {
    const everywhere = await organisations({ search: "pavia" });
    assert.deepEqual(
      everywhere.rows.map((row) => `${row.ernCode} ${row.label}`),
      ernsWith("IT", "IT37").map((ern) => `${ern} IT37 - Foundation IRCCS Polyclinic San Matteo, Pavia`),
    );
    const inEuracan = await organisations({ ern: "EURACAN", search: "Lyon" });
    assert.deepEqual(labels(inEuracan), ["FR18 - Centre Léon Bérard", "FR25 - Hospices Civils de Lyon"]);
    const inFrance = await organisations({ ern: "EURACAN", country: "FR", search: "paris hopital" });
    assert.deepEqual(
      labels(inFrance).map((label) => label.slice(0, 4)),
      ["FR01", "FR03", "FR12"],
    );
  });

  test("ERNs match at the top and countries inside an ERN, before the providers", async () => {
    assert.deepEqual(labels(await organisations({ search: "euracan" })), ["EURACAN - Adult Cancers"]);
    const inErn = await organisations({ ern: "EURACAN", search: "france" });
    assert.deepEqual(labels(inErn), ["France"]);
    assert.equal(inErn.rows[0].kind, "country");
    const curie = await organisations({ ern: "PaedCan", search: "cur" });
    assert.deepEqual(labels(curie), ["FR36 - Institut Curie"]);
  });

  test("a long result pages in a stable order: page 3 of 'guest' by 100 starts at ERN-SKIN / Malta", async () => {
    const page = await organisations({ search: "guest", page: "3", perPage: "100" });
    assert.equal(page.total, 720);
    assert.equal(page.rows.length, 100);
    assert.equal(`${page.rows[0].path} · ${page.rows[0].label}`, "ERN-SKIN - Skin Disorders / Malta · 0000 Guest Access");
    const last = await organisations({ search: "guest", page: "8", perPage: "100" });
    assert.equal(last.rows.length, 20);
    assert.equal(last.rows.at(-1)?.path, "eUROGEN - Urogenital Diseases / Sweden");
    const beyond = await organisations({ search: "guest", page: "9", perPage: "100" });
    assert.deepEqual([beyond.rows.length, beyond.total], [0, 720]);
  });

  test("a search that matches nothing answers an empty page; % and _ are plain characters", async () => {
    for (const search of ["no such hospital", "%", "_"]) {
      const page = await organisations({ search });
      assert.deepEqual([page.total, page.rows], [0, []], search);
    }
  });
});

describe("what the user already asked for", () => {
  let hp: string;
  let fr01: string;
  let fr03: string;

  before(async () => {
    const { db } = system.database;
    [{ id: hp }] = await db
      .select({ id: profiles.id })
      .from(profiles)
      .where(and(eq(profiles.applicationId, "CPMS"), eq(profiles.name, "HP")));
    fr01 = await providerId("EURACAN", "FR", "FR01");
    fr03 = await providerId("EURACAN", "FR", "FR03");
    const right = { sub, requesterEmail: "ines.duarte@chuc.example", requesterName: "Inês Duarte", applicationId: "CPMS", profileId: hp };
    await db.insert(rights).values([
      { ...right, submissionId: randomUUID(), providerId: fr01, status: "requested" },
      { ...right, submissionId: randomUUID(), providerId: fr03, status: "withdrawn" },
      { ...right, sub: "someone-else", submissionId: randomUUID(), providerId: await providerId("ReCONNET", "IT", "IT08"), status: "granted" },
    ]);
  });

  test("an open request marks its provider, country and ERN '(request submitted)'; a withdrawn one or someone else's does not", async () => {
    const marked = (page: OrganisationPage) => page.rows.filter((row) => row.requestSubmitted).map((row) => row.id);
    assert.deepEqual(marked(await organisations({})), ["EURACAN"]);
    assert.deepEqual(marked(await organisations({ ern: "EURACAN" })), ["EURACAN/FR"]);
    assert.deepEqual(marked(await organisations({ ern: "EURACAN", country: "FR" })), [fr01]);
    assert.deepEqual(marked(await organisations({ search: "pitie" })), [fr01]);
    assert.deepEqual(marked(await organisations({ ern: "ReCONNET", country: "IT" })), []);
    assert.deepEqual(marked(await organisations({ application: "ECP", ern: "EURACAN", country: "FR" })), []);
  });

  test("the profiles of CPMS, in the seeds' order, show the user's own request at that provider", async () => {
    const plain = await browser.api(access, "/api/applications/CPMS/profiles");
    assert.equal(plain.status, 200);
    assert.equal(plain.body.application.name, "CPMS");
    assert.deepEqual(
      plain.body.profiles.map((p: { name: string; status: string }) => `${p.name}: ${p.status}`),
      ["Coordinator: active", "Dispatcher: active", "HP: active", "Panel Manager ERN: active", "Panel Manager HCP: active", "Researcher: active"],
    );
    const atFr01 = await browser.api(access, `/api/applications/CPMS/profiles?provider=${fr01}`);
    assert.equal(atFr01.body.profiles.find((p: { id: string }) => p.id === hp).status, "requested");
    assert.ok(atFr01.body.profiles.filter((p: { id: string }) => p.id !== hp).every((p: { status: string }) => p.status === "active"));
    const atFr03 = await browser.api(access, `/api/applications/CPMS/profiles?provider=${fr03}`);
    assert.equal(atFr03.body.profiles.find((p: { id: string }) => p.id === hp).status, "active");
  });

  test("the applications are the seeds' list", async () => {
    const answer = await browser.api(access, "/api/applications");
    assert.equal(answer.status, 200);
    assert.equal(answer.body.applications.length, 9);
    assert.deepEqual(answer.body.applications.at(-1), { id: "ECP", name: "European Reference Networks", description: "ERN Collaborative Platform (ECP)" });
  });
});

describe("refusals", () => {
  async function problem(path: string, who: FetchBrowser = browser) {
    const hop = await who.fetch(`${access}${path}`);
    assert.equal(hop.headers.get("content-type")?.split(";")[0], "application/problem+json");
    return { status: hop.status, body: JSON.parse(hop.body) };
  }

  test("an unknown ERN, country or application is 404 naming it", async () => {
    assert.deepEqual(await problem("/api/organisations?application=CPMS&ern=NOPE"), {
      status: 404,
      body: { type: "about:blank", title: "Not Found", status: 404, detail: "There is no ERN with the code “NOPE”." },
    });
    const country = await problem("/api/organisations?application=CPMS&ern=EURACAN&country=XX");
    assert.deepEqual([country.status, country.body.detail], [404, "There is no country with the code “XX”."]);
    const application = await problem("/api/organisations?application=NOPE");
    assert.deepEqual([application.status, application.body.detail], [404, "There is no application “NOPE”."]);
    assert.equal((await problem("/api/applications/NOPE/profiles")).status, 404);
    const provider = await problem(`/api/applications/CPMS/profiles?provider=${randomUUID()}`);
    assert.deepEqual([provider.status, provider.body.detail], [404, "There is no such healthcare provider."]);
  });

  test("bad paging and malformed input are 400 naming the field", async () => {
    const cases: [string, string, string][] = [
      ["perPage=30", "perPage", "Show 10, 25, 50 or 100 records per page."],
      ["page=0", "page", "The page is a whole number, 1 or more."],
      ["page=two", "page", "The page is a whole number, 1 or more."],
      ["ern=EURACAN&country=France", "country", "A country is given by its two-letter code, like FR."],
      ["country=FR", "country", "Open an ERN before choosing a country."],
      [`search=${"x".repeat(101)}`, "search", "Search with at most 100 characters."],
    ];
    for (const [query, field, detail] of cases) {
      const answer = await problem(`/api/organisations?application=CPMS&${query}`);
      assert.equal(answer.status, 400, query);
      assert.deepEqual(answer.body.errors, [{ field, detail }], query);
    }
    const noApplication = await problem("/api/organisations");
    assert.deepEqual([noApplication.status, noApplication.body.errors[0].field], [400, "application"]);
    const badProvider = await problem("/api/applications/CPMS/profiles?provider=FR01");
    assert.deepEqual([badProvider.status, badProvider.body.errors[0].field], [400, "provider"]);
  });

  test("signed out, every route is 401 whatever the input", async () => {
    const stranger = new FetchBrowser();
    for (const path of ["/api/applications", "/api/applications/CPMS/profiles", "/api/organisations?application=CPMS", "/api/organisations?perPage=7"]) {
      const answer = await problem(path, stranger);
      assert.deepEqual([answer.status, answer.body.detail], [401, "Please log in to the authorisation system first."], path);
    }
  });
});
