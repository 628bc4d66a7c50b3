/*
 * Browser support for the journeys (run by `node --test`, not @playwright/test):
 * - openBrowser(): headless Chromium with a fresh context and page; requests to
 *   anything but a loopback address are aborted, so a journey never leaves the
 *   machine; uncaught page errors are collected for the journey to check;
 * - readOutbox() / newestOutboxLink(): read the real /dev/outbox page of the
 *   sign-in service in the browser, as a person would, not the database;
 * - eventually(): polls a check until it holds, for assertions that the page
 *   reaches in its own time (node:assert has no auto-waiting).
 */
import assert from "node:assert/strict";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

/** Bound of every wait: generous for a slow machine, short enough to fail fast. */
export const WAIT_MS = 15_000;

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

export type BrowserSession = {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Uncaught errors thrown by the pages' scripts, in order. */
  pageErrors: Error[];
  close: () => Promise<void>;
};

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const isLocal = (url: URL) => !["http:", "https:", "ws:", "wss:"].includes(url.protocol) || LOOPBACK_HOSTS.has(url.hostname);

export async function openBrowser(): Promise<BrowserSession> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(WAIT_MS);
    context.setDefaultNavigationTimeout(WAIT_MS);
    await context.route(
      (url) => !isLocal(url),
      (route) => route.abort("blockedbyclient"),
    );
    const page = await context.newPage();
    const pageErrors: Error[] = [];
    page.on("pageerror", (error) => pageErrors.push(error));
    return {
      browser,
      context,
      page,
      pageErrors,
      close: async () => {
        await context.close().catch(() => {});
        await browser.close();
      },
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** Polls `check` until it returns a value other than false/undefined/null, or fails with `what` and the last value seen. */
export async function eventually<T>(what: string, check: () => Promise<T | false | undefined | null>, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== false && value !== undefined && value !== null) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      assert.fail(`Timed out after ${timeoutMs} ms waiting for: ${what} (last: ${last instanceof Error ? last.message : String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export type OutboxMail = { channel: string; to: string; subject: string; text: string; links: string[] };

/** The messages listed on `${serviceUrl}/dev/outbox` (identity's by default, titled `service`), newest first, as the page shows them. */
export async function readOutbox(page: Page, serviceUrl: string, service = "OpenCPMS Login"): Promise<OutboxMail[]> {
  const response = await page.goto(`${serviceUrl}/dev/outbox`);
  assert.equal(response?.status(), 200, "the /dev/outbox page answers 200");
  await page.getByRole("heading", { name: `Outbox — ${service}` }).waitFor();
  return page.locator("article").evaluateAll((articles) =>
    articles.map((article) => {
      const meta = article.querySelector(".meta")?.textContent ?? "";
      const [, channel = "", to = ""] = /^(\w+) to (.*?) · /.exec(meta) ?? [];
      return {
        channel,
        to,
        subject: article.querySelector("header strong")?.textContent ?? "",
        text: article.querySelector("pre")?.textContent ?? "",
        links: Array.from(article.querySelectorAll("pre a"), (a) => (a as HTMLAnchorElement).href),
      };
    }),
  );
}

/**
 * The href of the newest link matching `link` in a mail to `to` (and, if
 * given, with a subject matching `subject`) on the outbox page. Reloads the
 * page until such a mail is listed, within WAIT_MS.
 */
export async function newestOutboxLink(page: Page, identityUrl: string, to: string, link: RegExp, subject?: RegExp): Promise<string> {
  return eventually(`a mail to ${to}${subject ? ` with subject ${subject}` : ""} with a link matching ${link} on /dev/outbox`, async () => {
    for (const mail of await readOutbox(page, identityUrl)) {
      if (mail.channel !== "mail" || mail.to !== to || (subject && !subject.test(mail.subject))) continue;
      const href = mail.links.find((candidate) => link.test(candidate));
      if (href) return href;
    }
    return undefined;
  });
}
