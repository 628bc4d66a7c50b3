import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import webpush from "web-push";
import { loadConfig, summarizeConfig } from "./config.ts";

describe("Configuration", () => {
  test("with no variables set, the defaults run all services on localhost with an embedded database and CAPTCHA on", () => {
    const config = loadConfig({});
    assert.deepEqual(config.services, ["cpms", "identity", "access"]);
    assert.deepEqual(config.ports, { cpms: 3000, identity: 3001, access: 3002 });
    assert.deepEqual(config.urls, {
      cpms: "http://localhost:3000",
      identity: "http://localhost:3001",
      access: "http://localhost:3002",
    });
    assert.equal(config.host, "127.0.0.1");
    assert.equal(config.databaseUrl, undefined, "no DATABASE_URL: the embedded database");
    assert.equal(config.dataDir, path.resolve("./data"));
    assert.equal(config.smtpUrl, undefined, "no SMTP_URL: mail stays in the outbox");
    assert.equal(config.captcha, true);
    assert.equal(config.devPages, true);
    assert.equal(config.demoData, true);
    assert.equal(config.rateLimitPerMinute, 300);
    assert.equal(config.trustProxy, false);
    assert.deepEqual(config.approvals, { targetHours: 24, digestHour: 7 });
    assert.deepEqual(config.webhooks, { intervalSeconds: 5, maxAttempts: 10 });
  });

  test("a port changes the default public URL of that service only", () => {
    const config = loadConfig({ IDENTITY_PORT: "4001" });
    assert.equal(config.ports.identity, 4001);
    assert.equal(config.urls.identity, "http://localhost:4001");
    assert.equal(config.urls.cpms, "http://localhost:3000");
  });

  test("a public URL loses its trailing slashes", () => {
    assert.equal(loadConfig({ CPMS_URL: "https://cpms.example.eu/" }).urls.cpms, "https://cpms.example.eu");
  });

  test("an empty variable counts as unset", () => {
    const config = loadConfig({ IDENTITY_PORT: "", CAPTCHA: "" });
    assert.equal(config.ports.identity, 3001);
    assert.equal(config.captcha, true);
  });

  for (const [name, value] of [
    ["IDENTITY_PORT", "abc"],
    ["CPMS_PORT", "70000"],
    ["CAPTCHA", "maybe"],
    ["SERVICES", "foo"],
    ["SERVICES", ","],
    ["IDENTITY_URL", "ftp://example.org"],
    ["LOG_LEVEL", "loud"],
    ["PASSWORD_MIN_LENGTH", "4"],
    ["ACCESS_APPROVAL_TARGET_HOURS", "0"],
    ["ACCESS_DIGEST_HOUR", "24"],
    ["WEBHOOK_INTERVAL_SECONDS", "0"],
    ["WEBHOOK_MAX_ATTEMPTS", "many"],
    ["ATTACHMENT_MAX_MB", "0"],
    ["S3_BUCKET", "My_Bucket"],
    ["S3_FORCE_PATH_STYLE", "sometimes"],
    ["VAPID_PUBLIC_KEY", "not-a-key"],
    ["VAPID_PUBLIC_KEY", `B${"A".repeat(86)}`],
    ["VAPID_SUBJECT", "http://opencpms.example.eu/contact"],
    ["VAPID_SUBJECT", "mailto:nobody"],
  ] as const) {
    test(`a wrong value (${name}=${value}) stops the start with a message naming the variable`, () => {
      assert.throws(
        () => loadConfig({ [name]: value }),
        (error: Error) => {
          assert.ok(error.message.startsWith(`${name}=${JSON.stringify(value)} is not valid:`), error.message);
          return true;
        },
      );
    });
  }

  for (const [name, value] of [
    ["SMTP_URL", "http://user:hunter2@mail.example.org"],
    ["SECRETS_KEY", "hunter2"],
    ["DATABASE_URL", "mysql://app:hunter2@db.example.org/opencpms"],
    ["ACCESS_WEBHOOK_SECRET", "whsec_hunter2"],
    ["VAPID_PRIVATE_KEY", "hunter2"],
  ] as const) {
    test(`a wrong secret (${name}) is named but its value is not printed`, () => {
      assert.throws(
        () => loadConfig({ [name]: value }),
        (error: Error) => {
          assert.ok(error.message.startsWith(`${name}=(value hidden) is not valid:`), error.message);
          assert.doesNotMatch(error.message, /hunter2/);
          return true;
        },
      );
    });
  }

  test("an unknown service is named in the message with the allowed ones", () => {
    assert.throws(() => loadConfig({ SERVICES: "cpms,foo" }), /SERVICES=.*unknown service "foo" \(use cpms, identity, access\)/);
  });

  test("SERVICES=cpms runs only the CPMS", () => {
    assert.deepEqual(loadConfig({ SERVICES: "cpms" }).services, ["cpms"]);
    assert.deepEqual(loadConfig({ SERVICES: " identity , access " }).services, ["identity", "access"]);
  });

  test("on/off switches accept the usual spellings", () => {
    for (const off of ["off", "OFF", "false", "0", "no"]) assert.equal(loadConfig({ CAPTCHA: off }).captcha, false, off);
    for (const on of ["on", "True", "1", "yes"]) assert.equal(loadConfig({ CAPTCHA: on }).captcha, true, on);
  });

  test("development pages are off by default when a mail server is configured or in production", () => {
    assert.equal(loadConfig({ SMTP_URL: "smtp://mail.example.org:25" }).devPages, false);
    const production = loadConfig({ NODE_ENV: "production" });
    assert.equal(production.devPages, false);
    assert.equal(production.demoData, false, "no demo accounts in production by default");
    assert.equal(loadConfig({ NODE_ENV: "production", DEV_PAGES: "on" }).devPages, true, "an explicit DEV_PAGES wins");
  });

  test("the start summary shows where the database and mail server are, without their passwords", () => {
    const config = loadConfig({
      DATABASE_URL: "postgres://opencpms:s3cret-db@db.example.org:5432/opencpms",
      SMTP_URL: "smtps://mailer:s3cret-mail@smtp.example.org:465",
      SERVICES: "identity",
      CAPTCHA: "off",
    });
    const summary = summarizeConfig(config).join("\n");
    assert.doesNotMatch(summary, /s3cret/);
    assert.match(summary, /database: postgres:\/\/opencpms:\*\*\*@db\.example\.org:5432\/opencpms/);
    assert.match(summary, /mail: SMTP smtps:\/\/mailer:\*\*\*@smtp\.example\.org:465/);
    assert.match(summary, /services: identity/);
    assert.match(summary, /captcha: off/);
  });

  test("cpms's files go to DATA_DIR/files with uploads up to 25 MB, unless an S3 bucket is set", () => {
    const defaults = loadConfig({});
    assert.equal(defaults.files.maxBytes, 25 * 1024 * 1024);
    assert.equal(defaults.files.s3, undefined);
    assert.match(summarizeConfig(loadConfig({ DATA_DIR: "/srv/opencpms" })).join("\n"), /files: folder \/srv\/opencpms\/files/);
    const s3 = loadConfig({
      ATTACHMENT_MAX_MB: "100",
      S3_BUCKET: "opencpms-files",
      S3_ENDPOINT: "http://localhost:9000/",
      S3_ACCESS_KEY_ID: "opencpms",
      S3_SECRET_ACCESS_KEY: "s3cret-key",
    });
    assert.equal(s3.files.maxBytes, 100 * 1024 * 1024);
    assert.deepEqual(s3.files.s3, {
      bucket: "opencpms-files",
      endpoint: "http://localhost:9000",
      region: "us-east-1",
      accessKeyId: "opencpms",
      secretAccessKey: "s3cret-key",
      forcePathStyle: true,
    });
    const summary = summarizeConfig(s3).join("\n");
    assert.match(summary, /files: S3 bucket opencpms-files at http:\/\/localhost:9000/);
    assert.doesNotMatch(summary, /s3cret/);
  });

  test("an S3 bucket without its endpoint or keys stops the start, naming what is missing", () => {
    assert.throws(() => loadConfig({ S3_BUCKET: "opencpms-files", S3_ACCESS_KEY_ID: "a", S3_SECRET_ACCESS_KEY: "b" }), /S3_ENDPOINT is not set/);
    assert.throws(() => loadConfig({ S3_BUCKET: "opencpms-files", S3_ENDPOINT: "http://localhost:9000" }), /S3_ACCESS_KEY_ID is not set/);
  });

  test("Web Push keys: unset, they are generated and kept in the database, and push services are given the mail sender's address", () => {
    const defaults = loadConfig({});
    assert.equal(defaults.push.vapidKeys, undefined);
    assert.equal(defaults.push.subject, "mailto:no-reply@opencpms.localhost");
    assert.equal(loadConfig({ MAIL_FROM: "ERN Helpdesk <helpdesk@ern.example.eu>" }).push.subject, "mailto:helpdesk@ern.example.eu");
    assert.equal(loadConfig({ MAIL_FROM: "helpdesk@ern.example.eu" }).push.subject, "mailto:helpdesk@ern.example.eu");
    assert.equal(
      loadConfig({ MAIL_FROM: "OpenCPMS", IDENTITY_URL: "https://login.example.eu/" }).push.subject,
      "https://login.example.eu",
      "no address in MAIL_FROM: the identity URL",
    );
    assert.equal(loadConfig({ VAPID_SUBJECT: "https://opencpms.example.eu/contact" }).push.subject, "https://opencpms.example.eu/contact");
    assert.match(summarizeConfig(defaults).join("\n"), /push: VAPID keys generated once and kept in the database, contact mailto:no-reply@opencpms\.localhost/);
  });

  test("Web Push keys: a configured pair is used as given", () => {
    const keys = webpush.generateVAPIDKeys();
    const config = loadConfig({ VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey });
    assert.deepEqual(config.push.vapidKeys, keys);
    const summary = summarizeConfig(config).join("\n");
    assert.match(summary, /push: VAPID keys from VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY/);
    assert.ok(!summary.includes(keys.privateKey), "the private key is not printed");
  });

  test("Web Push keys: one without the other, or two that do not belong together, stop the start naming the variables", () => {
    const one = webpush.generateVAPIDKeys();
    const other = webpush.generateVAPIDKeys();
    assert.throws(
      () => loadConfig({ VAPID_PUBLIC_KEY: one.publicKey }),
      /^Error: VAPID_PRIVATE_KEY is not set: set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY together/,
    );
    assert.throws(() => loadConfig({ VAPID_PRIVATE_KEY: one.privateKey }), /^Error: VAPID_PUBLIC_KEY is not set/);
    assert.throws(
      () => loadConfig({ VAPID_PUBLIC_KEY: one.publicKey, VAPID_PRIVATE_KEY: other.privateKey }),
      (error: Error) => {
        assert.match(error.message, /^VAPID_PUBLIC_KEY is not the public key of VAPID_PRIVATE_KEY/);
        assert.ok(!error.message.includes(other.privateKey), "the private key is not printed");
        return true;
      },
    );
  });

  test("the start summary of the defaults names the embedded database folder and the outbox", () => {
    const summary = summarizeConfig(loadConfig({ DATA_DIR: "/srv/opencpms" })).join("\n");
    assert.match(summary, /database: embedded PGlite in \/srv\/opencpms/);
    assert.match(summary, /mail: kept in the outbox/);
  });
});
