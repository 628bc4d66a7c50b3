/*
 * The notification list and its mail, over real HTTP on a real database,
 * with the mail server down (SMTP_URL points at a closed port): each user
 * lists and marks read only their own notifications, newest first, 20 a
 * page; a notice's mail waits in the outbox, retried, never lost; a change
 * rolled back tells nobody.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { deliverDue } from "../../platform/mail/delivery.ts";
import { smtpTransport } from "../../platform/mail/smtp.ts";
import { TestBrowser } from "../../platform/testing/http-client.ts";
import { freePort } from "../../platform/testing/test-system.ts";
import type { System } from "../../system.ts";
import { startCpmsTestSystem } from "../authorizations/testing.ts";
import { enrolPatient, makePanel, type PanelTestUser, panelUser } from "../panels/testing.ts";
import { outbox } from "../pg-schema.ts";
import { notify } from "./notify.ts";
import { notifications } from "./tables.ts";

let system: System;
let lead: PanelTestUser;
let member: PanelTestUser;
let other: PanelTestUser;

const db = () => system.database.db;
const list = (user: PanelTestUser, query = "") => user.browser.get(`/api/notifications${query}`);
const markRead = (user: PanelTestUser, body: object) => user.browser.post("/api/notifications/read", body);

/** `n` notices to `user`, one transaction each, so each has its own time. */
async function tell(user: PanelTestUser, n: number, prefix: string) {
  for (let i = 1; i <= n; i++) {
    await db().transaction((tx) =>
      notify(tx, system.config.urls.cpms, [{ sub: user.sub, email: user.email }], { kind: "test.notice", title: `${prefix} ${i}`, body: "", link: "/panels" }),
    );
  }
}

before(async () => {
  system = await startCpmsTestSystem({ SMTP_URL: `smtp://127.0.0.1:${await freePort()}` });
  lead = await panelUser(system, "Lena", "HP", ["EURACAN", "FR", "FR01"], "Notified");
  member = await panelUser(system, "Anna", "HP", ["EURACAN", "DE", "DE01"], "Notified");
  other = await panelUser(system, "Oscar", "HP", ["EURACAN", "IT", "IT01"], "Notified");
});

after(async () => {
  await system?.close();
});

describe("the mail server down", () => {
  test("a submitted contribution's notice is listed at once, and its mail waits in the outbox, retried, not lost", async () => {
    const patient = await enrolPatient(lead);
    const panel = await makePanel(system, lead, patient, { members: [member] });
    const submitted = await member.browser.request("PUT", `/api/panels/${panel.id}/contribution`, {
      assessment: "",
      investigations: "",
      recommendation: "Surgery first.",
      attachmentIds: [],
      submit: true,
    });
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));

    const listed = await list(lead);
    assert.equal(listed.status, 200);
    assert.equal(listed.body.unread, 1);
    assert.deepEqual(
      listed.body.rows.map((n: { kind: string; link: string; readAt: string | null }) => [n.kind, n.link, n.readAt]),
      [["panel.contribution", `/panels/${panel.id}`, null]],
    );

    // Delivery, as the system runs it, fails against the closed port: the row stays, pending, with the error and a later attempt.
    const transport = smtpTransport(system.config.smtpUrl as string, system.config.mailFrom);
    assert.equal(await deliverDue(db(), outbox, { mail: transport }, system.config.outboxMaxAttempts), 0);
    const [mail] = await db().select().from(outbox).where(eq(outbox.to, lead.email));
    assert.ok(mail, "the mail is in the outbox");
    assert.equal(mail.subject, `CPMS: Anna Notified contributed to panel ${panel.reference}`);
    assert.equal(mail.status, "pending");
    assert.ok(mail.attempts >= 1);
    assert.ok(mail.lastError);
    assert.equal(mail.sentAt, null);
    assert.ok(mail.nextAttemptAt.getTime() > Date.now(), "tried again later");
  });

  test("a change rolled back tells nobody", async () => {
    const before = (await db().select().from(notifications).where(eq(notifications.sub, other.sub))).length;
    await assert.rejects(
      db().transaction(async (tx) => {
        await notify(tx, system.config.urls.cpms, [{ sub: other.sub, email: other.email }], { kind: "test.notice", title: "Never", body: "", link: "/" });
        throw new Error("the change fails");
      }),
      /the change fails/,
    );
    assert.equal((await db().select().from(notifications).where(eq(notifications.sub, other.sub))).length, before);
    assert.deepEqual(
      (await db().select().from(outbox).where(eq(outbox.to, other.email))).filter((m) => m.subject.includes("Never")),
      [],
    );
  });
});

describe("the notification list", () => {
  test("the user's own, newest first, 20 a page, unread ones on their own", async () => {
    await tell(other, 25, "Notice");
    await tell(member, 2, "Not Oscar's");
    const first = await list(other);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.deepEqual([first.body.total, first.body.unread, first.body.page, first.body.perPage, first.body.rows.length], [25, 25, 1, 20, 20]);
    assert.equal(first.body.rows[0].title, "Notice 25");
    assert.equal(first.body.rows[19].title, "Notice 6");
    const second = await list(other, "?page=2");
    assert.deepEqual(
      second.body.rows.map((n: { title: string }) => n.title),
      ["Notice 5", "Notice 4", "Notice 3", "Notice 2", "Notice 1"],
    );
    assert.ok(!first.body.rows.some((n: { title: string }) => n.title.startsWith("Not Oscar's")));
    assert.equal((await list(other, "?page=0")).status, 400);
    assert.equal((await list(other, "?page=x")).status, 400);
    assert.equal((await list(other, "?unread=maybe")).status, 400);
  });

  test("marking read changes only the user's own rows: others' ids are ignored", async () => {
    const mine = (await list(other)).body.rows.slice(0, 2).map((n: { id: string }) => n.id);
    const theirs = (await list(member)).body.rows.map((n: { id: string }) => n.id);
    const memberUnread = (await list(member)).body.unread;
    assert.ok(theirs.length >= 2);

    const marked = await markRead(other, { ids: [...mine, ...theirs, randomUUID()] });
    assert.equal(marked.status, 200, JSON.stringify(marked.body));
    assert.equal(marked.body.unread, 23);
    const afterMember = await list(member);
    assert.equal(afterMember.body.unread, memberUnread);
    assert.ok(afterMember.body.rows.every((n: { readAt: string | null }) => n.readAt === null));

    const unread = await list(other, "?unread=true");
    assert.equal(unread.body.total, 23);
    assert.ok(!unread.body.rows.some((n: { id: string }) => mine.includes(n.id)));
    const read = (await list(other)).body.rows.filter((n: { readAt: string | null }) => n.readAt !== null);
    assert.deepEqual(read.map((n: { id: string }) => n.id).sort(), [...mine].sort());

    const all = await markRead(other, { all: true });
    assert.deepEqual([all.status, all.body.unread], [200, 0]);
    assert.equal((await list(member)).body.unread, memberUnread, "all: true is all of one's own");

    const nothing = await markRead(other, {});
    assert.equal(nothing.status, 400);
    assert.equal(nothing.body.errors[0].field, "ids");
    const badId = await markRead(other, { ids: ["1"] });
    assert.equal(badId.status, 400);
    assert.equal(badId.body.errors[0].field, "ids.0");
  });

  test("signed out: 401", async () => {
    const stranger = new TestBrowser(system.server("cpms"));
    assert.equal((await stranger.get("/api/notifications")).status, 401);
    assert.equal((await stranger.post("/api/notifications/read", { all: true })).status, 401);
  });
});
