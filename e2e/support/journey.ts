/*
 * What the journeys share besides the browser: steps that depend on the
 * previous ones (a failed step skips the rest with a pointer to it, and
 * leaves a screenshot), and reading a field's error as assistive
 * technologies do (the element named by aria-describedby).
 */
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { Locator, Page } from "playwright-core";
import { startTestSystem } from "../../src/platform/testing/test-system.ts";
import type { System } from "../../src/system.ts";
import { type BrowserSession, eventually, openBrowser } from "./browser.ts";

const STEP_TIMEOUT_MS = 90_000;

/** Registers sequential steps of one journey; `page` is read when a step runs. */
export function journeySteps(name: string, page: () => Page | undefined, pageErrors: () => Error[]) {
  let failed: string | undefined;
  return (title: string, run: () => Promise<void>) =>
    it(title, { timeout: STEP_TIMEOUT_MS }, async (t) => {
      if (failed) {
        t.skip(`an earlier step failed: "${failed}"`);
        return;
      }
      try {
        await run();
        assert.deepEqual(
          pageErrors().map((error) => error.message),
          [],
          "no uncaught error in the pages' scripts",
        );
      } catch (error) {
        failed = title;
        const slug = `${name}-${title}`.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
        await page()
          ?.screenshot({ path: `/tmp/e2e-failure-${slug}.png`, fullPage: true })
          .catch(() => {});
        throw error;
      }
    });
}

/** The texts linked to a field by aria-describedby (its description and its error). */
export async function describedBy(field: Locator): Promise<string> {
  return field.evaluate((element) =>
    (element.getAttribute("aria-describedby") ?? "")
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? "")
      .join(" ")
      .trim(),
  );
}

/**
 * Waits until `field` is marked invalid and announces an error containing
 * `message`. Mantine's PasswordInput marks its inner input with data-invalid
 * only (no aria-invalid), so either counts; the error must be linked by
 * aria-describedby and visible.
 */
export async function expectFieldError(field: Locator, message: string): Promise<void> {
  await eventually(`the field to show the error "${message}"`, async () => {
    const invalid = (await field.getAttribute("aria-invalid")) === "true" || (await field.getAttribute("data-invalid")) === "true";
    return invalid && (await describedBy(field)).includes(message);
  });
  const errorId = (await field.getAttribute("aria-describedby"))?.split(/\s+/).find((id) => id.endsWith("-error"));
  assert.ok(errorId, "the error has its own element");
  assert.equal(await field.page().locator(`[id="${errorId}"]`).isVisible(), true, "the error is visible");
}

export async function expectText(locator: Locator, expected: string | RegExp): Promise<string> {
  return eventually(`${locator} to have text ${expected}`, async () => {
    const text = (await locator.textContent())?.trim() ?? "";
    return (typeof expected === "string" ? text === expected : expected.test(text)) && text;
  });
}

export function pathOf(page: Page): string {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}`;
}

/**
 * One journey's running system and browser: started before its steps (then
 * `prepare` seeds data or sets the browser up), closed after them even when
 * a step fails.
 */
export function useJourney(name: string, env: Record<string, string>, prepare?: (system: System, session: BrowserSession) => Promise<void>) {
  let system: System | undefined;
  let session: BrowserSession | undefined;
  before(async () => {
    system = await startTestSystem(env, { listen: true });
    session = await openBrowser();
    await prepare?.(system, session);
  });
  after(async () => {
    await session?.close();
    await system?.close();
  });
  const browser = () => {
    assert.ok(session, "the browser is open");
    return session;
  };
  const running = () => {
    assert.ok(system, "the system is running");
    return system;
  };
  return {
    step: journeySteps(
      name,
      () => session?.page,
      () => session?.pageErrors ?? [],
    ),
    page: () => browser().page,
    session: browser,
    system: running,
    identity: () => running().config.urls.identity,
  };
}
