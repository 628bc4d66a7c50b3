/*
 * The web app's shell and the Global Dashboard: the pages are served with a
 * sign-out that may leave for OpenCPMS Login, the settings name identity and
 * the authorisation system, and the dashboard groups the user's roles by ERN
 * with their preferences set or not.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { TestBrowser } from "../../platform/testing/http-client.ts";
import type { System } from "../../system.ts";
import { cpmsUser, grant, startCpmsTestSystem } from "../authorizations/testing.ts";

let system: System;

before(async () => {
  system = await startCpmsTestSystem();
});
after(async () => {
  await system?.close();
});

describe("the web app", () => {
  test("every page path serves the app, whose sign-out may go on to OpenCPMS Login; API paths stay API", async () => {
    const browser = new TestBrowser(system.server("cpms"));
    for (const path of ["/", "/erns/EURACAN/preferences", "/patients?ern=EURACAN"]) {
      const page = await browser.get(path);
      assert.equal(page.status, 200);
      assert.match(String(page.headers["content-type"]), /text\/html/);
      assert.match(page.body, /<div id="root"><\/div>/);
      assert.match(String(page.headers["content-security-policy"]), new RegExp(`form-action 'self' ${new URL(system.config.urls.identity).origin}`));
    }
    // Without ACCESS_WEBHOOK_SECRET, cpms takes no webhooks.
    assert.equal((await browser.post("/api/access-events", {})).status, 404);
    const missing = await browser.get("/api/nothing-here");
    assert.equal(missing.status, 404);
    assert.equal(missing.body.detail, "There is nothing at /api/nothing-here.");
  });

  test("the settings name where to create an account and where to request authorisation", async () => {
    const settings = await new TestBrowser(system.server("cpms")).get("/api/settings");
    assert.deepEqual(settings.body, { identityUrl: system.config.urls.identity, accessUrl: system.config.urls.access });
  });
});

describe("the Global Dashboard", () => {
  test("the user's ERNs in code order, each with its roles at their providers, coordinators marked, and preferences not yet set", async () => {
    const user = await cpmsUser(system, "Sofia", "Multi");
    await grant(system, user.sub, "HP", ["ReCONNET", "IT", "IT08"]);
    await grant(system, user.sub, "Coordinator", ["EURACAN", "IT", "IT01"]);
    await grant(system, user.sub, "HP", ["EURACAN", "IT", "IT01"]);
    const dashboard = await user.browser.get("/api/dashboard");
    assert.equal(dashboard.status, 200, JSON.stringify(dashboard.body));
    assert.equal(dashboard.body.user.name, "Sofia Multi");
    assert.deepEqual(
      dashboard.body.erns.map((ern: { code: string; name: string; isCoordinator: boolean; preferencesSet: boolean }) => [
        ern.code,
        ern.name,
        ern.isCoordinator,
        ern.preferencesSet,
      ]),
      [
        ["EURACAN", "Adult Cancers", true, false],
        ["ReCONNET", "Connective Tissue and Musculoskeletal Diseases", false, false],
      ],
    );
    const [euracan, reconnet] = dashboard.body.erns;
    assert.deepEqual(
      euracan.roles.map((role: { profile: string; providerCode: string; countryName: string }) => [role.profile, role.providerCode, role.countryName]),
      [
        ["Coordinator", "IT01", "Italy"],
        ["HP", "IT01", "Italy"],
      ],
    );
    assert.match(reconnet.roles[0].providerName, /Pisana/);
    // Another user's dashboard shows nothing of hers.
    const other = await cpmsUser(system, "Other", "Member");
    await grant(system, other.sub, "Researcher", ["ERKNet", "BE", "0000"]);
    const theirs = await other.browser.get("/api/dashboard");
    assert.deepEqual(
      theirs.body.erns.map((ern: { code: string }) => ern.code),
      ["ERKNet"],
    );
  });
});
