import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { identityPlatform } from "../../identity/pg-schema.ts";
import type { Database } from "../db/database.ts";
import { migrateServices } from "../db/migrate.ts";
import { openTestDatabase } from "../testing/test-database.ts";
import { freePort } from "../testing/test-system.ts";
import { deliverDue } from "./delivery.ts";
import { enqueue, listOutbox } from "./outbox.ts";
import { smtpTransport } from "./smtp.ts";

const { outbox } = identityPlatform;
const FROM = "OpenCPMS <no-reply@opencpms.example>";

type Received = { envelopeTo: string[]; headers: Map<string, string>; text: string };

/** Splits a raw RFC 5322 message into unfolded headers and its (7bit or quoted-printable) text. */
function parseMessage(raw: string, envelopeTo: string[]): Received {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const headers = new Map<string, string>();
  for (const line of head.split("\r\n")) {
    const colon = line.indexOf(":");
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  let text = raw.slice(split + 4);
  if (/quoted-printable/i.test(headers.get("content-transfer-encoding") ?? "")) {
    text = Buffer.from(
      text.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16))),
      "latin1",
    ).toString("utf8");
  }
  return { envelopeTo, headers, text: text.replace(/\r\n/g, "\n").replace(/\n$/, "") };
}

/** A real SMTP server on a loopback port that keeps what it receives. */
async function startSmtpServer() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    disableReverseLookup: true,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push(
          parseMessage(
            Buffer.concat(chunks).toString("utf8"),
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as import("node:net").AddressInfo;
  return {
    received,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("Outbox delivery over SMTP", () => {
  let database: Database;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  before(async () => {
    database = await openTestDatabase();
    await migrateServices(database, ["identity"]);
    smtp = await startSmtpServer();
  });
  after(async () => {
    await smtp?.close();
    await database?.close();
  });
  beforeEach(async () => {
    await database.db.delete(outbox);
    smtp.received.length = 0;
  });

  const db = () => database.db;
  const rowTo = async (to: string) => {
    const rows = await db().select().from(outbox).where(eq(outbox.to, to));
    assert.equal(rows.length, 1, `one row to ${to}`);
    return rows[0];
  };

  test("a pending mail is sent with its subject, recipient and text, and marked sent", async () => {
    await db().transaction((tx) =>
      enqueue(tx, outbox, {
        channel: "mail",
        to: "ana.ferreira@chlc.example",
        subject: "OpenCPMS Login: create your password",
        text: "Hello Ana,\n\nfollow this link: http://localhost:3001/password/set?token=abc\n",
      }),
    );
    const before = Date.now();
    const sent = await deliverDue(db(), outbox, { mail: smtpTransport(smtp.url, FROM) }, 8);
    assert.equal(sent, 1);
    assert.equal(smtp.received.length, 1);
    const [message] = smtp.received;
    assert.deepEqual(message.envelopeTo, ["ana.ferreira@chlc.example"]);
    assert.equal(message.headers.get("to"), "ana.ferreira@chlc.example");
    assert.equal(message.headers.get("from"), FROM);
    assert.equal(message.headers.get("subject"), "OpenCPMS Login: create your password");
    assert.equal(message.text, "Hello Ana,\n\nfollow this link: http://localhost:3001/password/set?token=abc");

    const row = await rowTo("ana.ferreira@chlc.example");
    assert.equal(row.status, "sent");
    assert.equal(row.attempts, 1);
    assert.equal(row.lastError, null);
    assert.ok(row.sentAt, "sentAt is set");
    assert.ok(row.sentAt.getTime() >= before - 1000 && row.sentAt.getTime() <= Date.now() + 1000, `sentAt ${row.sentAt.toISOString()}`);

    assert.equal(await deliverDue(db(), outbox, { mail: smtpTransport(smtp.url, FROM) }, 8), 0, "a sent mail is not sent again");
    assert.equal(smtp.received.length, 1);
    const [entry] = await listOutbox(db(), outbox);
    assert.equal(entry.status, "sent");
    assert.equal(entry.sentAt, row.sentAt.toISOString());
  });

  test("with no transport for a channel, its messages stay pending", async () => {
    await enqueue(db(), outbox, { channel: "sms", to: "+351910000000", text: "Your code is 123456" });
    assert.equal(await deliverDue(db(), outbox, { mail: smtpTransport(smtp.url, FROM) }, 8), 0);
    assert.equal(await deliverDue(db(), outbox, {}, 8), 0);
    const row = await rowTo("+351910000000");
    assert.equal(row.status, "pending");
    assert.equal(row.attempts, 0);
    assert.equal(smtp.received.length, 0);
  });

  test("when the mail server is down, the mail stays pending and is retried later with a growing delay, then marked failed", async () => {
    const down = smtpTransport(`smtp://127.0.0.1:${await freePort()}`, FROM);
    const to = "jan.novak@fnmotol.example";
    await enqueue(db(), outbox, { channel: "mail", to, subject: "Hello", text: "Hello Jan" });

    let before = Date.now();
    assert.equal(await deliverDue(db(), outbox, { mail: down }, 3), 0);
    let row = await rowTo(to);
    assert.equal(row.status, "pending");
    assert.equal(row.attempts, 1);
    assert.match(row.lastError ?? "", /ECONNREFUSED|connect/i);
    assert.equal(row.sentAt, null);
    let delay = row.nextAttemptAt.getTime() - before;
    assert.ok(delay >= 29_000 && delay <= 31_000 + (Date.now() - before), `first retry in about 30 s, not ${delay} ms`);

    // Not due yet: nothing is tried, even with the server back.
    assert.equal(await deliverDue(db(), outbox, { mail: smtpTransport(smtp.url, FROM) }, 3), 0);
    assert.equal((await rowTo(to)).attempts, 1);
    assert.equal(smtp.received.length, 0);

    const makeDue = () =>
      db()
        .update(outbox)
        .set({ nextAttemptAt: new Date(Date.now() - 1000) })
        .where(eq(outbox.to, to));
    await makeDue();
    before = Date.now();
    assert.equal(await deliverDue(db(), outbox, { mail: down }, 3), 0);
    row = await rowTo(to);
    assert.equal(row.status, "pending");
    assert.equal(row.attempts, 2);
    delay = row.nextAttemptAt.getTime() - before;
    assert.ok(delay >= 59_000 && delay <= 61_000 + (Date.now() - before), `second retry in about 1 min, not ${delay} ms`);

    await makeDue();
    assert.equal(await deliverDue(db(), outbox, { mail: down }, 3), 0);
    row = await rowTo(to);
    assert.equal(row.status, "failed", "after maxAttempts the mail is given up");
    assert.equal(row.attempts, 3);
    assert.ok(row.lastError);

    // A failed mail is kept and never sent again.
    await makeDue();
    assert.equal(await deliverDue(db(), outbox, { mail: smtpTransport(smtp.url, FROM) }, 3), 0);
    assert.equal(smtp.received.length, 0);
    assert.equal((await rowTo(to)).status, "failed");
  });

  test("a mail retried after a failure is sent once the server answers again", async () => {
    const to = "eva.berg@ki.example";
    await enqueue(db(), outbox, { channel: "mail", to, subject: "Hello", text: "Hello Eva" });
    await deliverDue(db(), outbox, { mail: smtpTransport(`smtp://127.0.0.1:${await freePort()}`, FROM) }, 8);
    await db()
      .update(outbox)
      .set({ nextAttemptAt: new Date(Date.now() - 1000) })
      .where(eq(outbox.to, to));
    assert.equal(await deliverDue(db(), outbox, { mail: smtpTransport(smtp.url, FROM) }, 8), 1);
    const row = await rowTo(to);
    assert.equal(row.status, "sent");
    assert.equal(row.attempts, 2);
    assert.equal(row.lastError, null, "the old error is cleared");
    assert.deepEqual(
      smtp.received.map((m) => m.envelopeTo),
      [[to]],
    );
  });

  test("a mail written in a transaction that rolls back is never in the outbox nor sent", async () => {
    await assert.rejects(
      db().transaction(async (tx) => {
        await enqueue(tx, outbox, { channel: "mail", to: "rolled.back@example.org", subject: "Never", text: "Never sent" });
        throw new Error("the change failed");
      }),
      /the change failed/,
    );
    await db().transaction((tx) => enqueue(tx, outbox, { channel: "mail", to: "committed@example.org", subject: "Kept", text: "Sent" }));
    assert.deepEqual(
      (await listOutbox(db(), outbox)).map((entry) => entry.to),
      ["committed@example.org"],
    );
    assert.equal(await deliverDue(db(), outbox, { mail: smtpTransport(smtp.url, FROM) }, 8), 1);
    assert.deepEqual(
      smtp.received.map((m) => m.envelopeTo),
      [["committed@example.org"]],
    );
  });

  test("two deliveries running at once never send the same message twice", async () => {
    const count = 25; // more than one batch (20) of a delivery
    for (let i = 0; i < count; i++) {
      await enqueue(db(), outbox, { channel: "mail", to: `person${i}@example.org`, subject: `Message ${i}`, text: `Text ${i}` });
    }
    const mail = smtpTransport(smtp.url, FROM);
    let sent = 0;
    for (let round = 0; round < 10; round++) {
      const results = await Promise.all([deliverDue(db(), outbox, { mail }, 8), deliverDue(db(), outbox, { mail }, 8)]);
      if (round === 0 && database.kind === "postgres") {
        assert.ok(results[0] > 0 && results[1] > 0, `both deliveries worked side by side (${results}), skipping each other's locked rows`);
      }
      sent += results[0] + results[1];
      if (results[0] + results[1] === 0) break;
    }
    assert.equal(sent, count);
    const recipients = smtp.received.map((m) => m.envelopeTo.join(","));
    assert.equal(recipients.length, count, "as many mails received as queued");
    assert.equal(new Set(recipients).size, count, "each message received exactly once");
    const rows = await db().select().from(outbox);
    assert.ok(
      rows.every((row) => row.status === "sent" && row.attempts === 1),
      "every row sent on its first attempt",
    );
  });
});
