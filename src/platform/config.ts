/*
 * Configuration, read once from environment variables and validated at start.
 *
 * - every variable is declared here, with its default and a description (the
 *   README's table is checked against this list by a test);
 * - a wrong value stops the start with a message naming the variable;
 * - defaults work for a newcomer: all services on localhost, embedded
 *   database in ./data, mail kept in the outbox, CAPTCHA on.
 */
import { createECDH, ECDH } from "node:crypto";
import path from "node:path";

export const SERVICE_NAMES = ["cpms", "identity", "access"] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export type Config = {
  services: ServiceName[];
  host: string;
  ports: Record<ServiceName, number>;
  urls: Record<ServiceName, string>;
  databaseUrl: string | undefined;
  dataDir: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  outboxMaxAttempts: number;
  /** access's approvals: the business hours within which a request should be decided, and the UTC hour of the approvers' daily digest. */
  approvals: { targetHours: number; digestHour: number };
  /** access's webhooks to API clients: how often due deliveries are sent, and attempts before one is marked failed. */
  webhooks: { intervalSeconds: number; maxAttempts: number };
  /** cpms: the secret ("whsec_…") access signs its webhooks to cpms with; unset: cpms takes no webhooks and re-reads rights every few minutes. */
  accessWebhookSecret: string | undefined;
  sms: {
    gatewayUrl: string | undefined;
    gatewayAuthHeader: { name: string; value: string } | undefined;
    gatewayBodyTemplate: string;
    allowedCountryCodes: string[];
  };
  captcha: boolean;
  passwordLinkTtlMinutes: number;
  passwordMinLength: number;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  login: {
    freeFailures: number;
    delayBaseSeconds: number;
    maxFailures: number;
    lockMinutes: number;
  };
  rateLimitPerMinute: number;
  devPages: boolean;
  demoData: boolean;
  logLevel: string;
  trustProxy: boolean;
  /** AES-256 key for second-factor secrets at rest; unset: generated once and kept in the database. */
  secretsKey: Buffer | undefined;
  /** cpms's files (attachments, consent forms): the largest upload, and S3-compatible storage instead of DATA_DIR/files when a bucket is set. */
  files: { maxBytes: number; s3: S3Settings | undefined };
  /**
   * How cpms and access sign in at identity (OpenID Connect clients). Unset
   * secrets: identity, when it runs in the same process, registers them with a
   * fresh secret at each start.
   */
  relyingParties: Record<RelyingPartyName, { clientId: string; clientSecret: string | undefined }>;
  /**
   * Web Push to the OpenCPMS Authenticator (VAPID): the key pair the messages
   * are signed with (unset: generated once and kept in the database) and the
   * contact push services see (`mailto:` or `https:`).
   */
  push: { vapidKeys: VapidKeys | undefined; subject: string };
};

/** A VAPID key pair, base64url as web-push's generateVAPIDKeys makes them: the uncompressed P-256 point (65 bytes) and the private scalar (32 bytes). */
export type VapidKeys = { publicKey: string; privateKey: string };

export type RelyingPartyName = Exclude<ServiceName, "identity">;

export type S3Settings = {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
};

type Parser<T> = (raw: string) => T;
type Variable = {
  name: string;
  description: string;
  fallback: string | undefined;
};

export const VARIABLES: Variable[] = [];

class ConfigError extends Error {}

const SECRET_VARIABLES = new Set([
  "DATABASE_URL",
  "SMTP_URL",
  "SECRETS_KEY",
  "SMS_GATEWAY_AUTH_HEADER",
  "SMS_GATEWAY_URL",
  "CPMS_CLIENT_SECRET",
  "ACCESS_CLIENT_SECRET",
  "S3_SECRET_ACCESS_KEY",
  "ACCESS_WEBHOOK_SECRET",
  "VAPID_PRIVATE_KEY",
]);

function variable<T>(env: NodeJS.ProcessEnv, name: string, fallback: string | undefined, description: string, parse: Parser<T>): T {
  if (!VARIABLES.some((v) => v.name === name)) VARIABLES.push({ name, description, fallback });
  const raw = env[name] === undefined || env[name] === "" ? fallback : env[name];
  if (raw === undefined) return undefined as T;
  try {
    return parse(raw);
  } catch (error) {
    // Secrets are not echoed: the message goes to logs.
    const shown = SECRET_VARIABLES.has(name) ? "(value hidden)" : JSON.stringify(raw);
    throw new ConfigError(`${name}=${shown} is not valid: ${(error as Error).message}`);
  }
}

const text: Parser<string> = (raw) => raw;
const integer =
  (min: number, max: number): Parser<number> =>
  (raw) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`expected a whole number from ${min} to ${max}`);
    return n;
  };
const onOff: Parser<boolean> = (raw) => {
  if (["on", "true", "1", "yes"].includes(raw.toLowerCase())) return true;
  if (["off", "false", "0", "no"].includes(raw.toLowerCase())) return false;
  throw new Error('expected "on" or "off"');
};
const url: Parser<string> = (raw) => {
  const parsed = new URL(raw);
  if (!["http:", "https:"].includes(parsed.protocol)) throw new Error("expected an http(s) URL");
  return raw.replace(/\/+$/, "");
};
const services: Parser<ServiceName[]> = (raw) => {
  const names = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!SERVICE_NAMES.includes(name as ServiceName)) throw new Error(`unknown service "${name}" (use ${SERVICE_NAMES.join(", ")})`);
  }
  if (names.length === 0) throw new Error("name at least one service");
  return names as ServiceName[];
};

const DEFAULT_PORTS: Record<ServiceName, number> = { cpms: 3000, identity: 3001, access: 3002 };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = (service: ServiceName) =>
    variable(env, `${service.toUpperCase()}_PORT`, String(DEFAULT_PORTS[service]), `Port of the ${service} service.`, integer(0, 65535));
  const ports = { cpms: port("cpms"), identity: port("identity"), access: port("access") };
  const publicUrl = (service: ServiceName) =>
    variable(
      env,
      `${service.toUpperCase()}_URL`,
      `http://localhost:${ports[service]}`,
      `Public URL of the ${service} service, as users' browsers reach it.`,
      url,
    );
  const smtpUrl = variable(
    env,
    "SMTP_URL",
    undefined,
    "SMTP server for outgoing mail, e.g. smtps://user:pass@smtp.example.org:465. Unset: mail stays in the outbox.",
    url2smtp,
  );
  const smsGatewayUrl = variable(
    env,
    "SMS_GATEWAY_URL",
    undefined,
    "HTTP SMS gateway that receives a POST per text message. Unset: SMS stay in the outbox.",
    url,
  );
  const mailFrom = variable(env, "MAIL_FROM", "OpenCPMS <no-reply@opencpms.localhost>", "Sender of outgoing mail.", text);
  const production = variable(env, "NODE_ENV", "development", '"production" turns off development pages and demo data by default.', text) === "production";
  return {
    services: variable(env, "SERVICES", SERVICE_NAMES.join(","), "Services this process runs (comma-separated: cpms, identity, access).", services),
    host: variable(env, "HOST", "127.0.0.1", "Interface the services listen on (0.0.0.0 for all).", text),
    ports,
    urls: { cpms: publicUrl("cpms"), identity: publicUrl("identity"), access: publicUrl("access") },
    databaseUrl: variable(env, "DATABASE_URL", undefined, "PostgreSQL connection string. Unset: an embedded PGlite database in DATA_DIR.", (raw) => {
      if (!/^postgres(ql)?:\/\//.test(raw)) throw new Error("expected postgres://user:password@host:port/database");
      return raw;
    }),
    dataDir: variable(env, "DATA_DIR", "./data", "Folder of the embedded database and stored files.", (raw) => path.resolve(raw)),
    smtpUrl,
    mailFrom,
    outboxMaxAttempts: variable(env, "OUTBOX_MAX_ATTEMPTS", "8", "Delivery attempts of a message before it is marked failed.", integer(1, 100)),
    approvals: {
      targetHours: variable(
        env,
        "ACCESS_APPROVAL_TARGET_HOURS",
        "24",
        "Business hours (weekends excluded) within which an access request should be decided; older ones are overdue.",
        integer(1, 24 * 30),
      ),
      digestHour: variable(
        env,
        "ACCESS_DIGEST_HOUR",
        "7",
        "Hour of the day (UTC, 0-23) at which approvers get their daily digest of pending requests.",
        integer(0, 23),
      ),
    },
    webhooks: {
      intervalSeconds: variable(env, "WEBHOOK_INTERVAL_SECONDS", "5", "How often access sends due webhooks to API clients.", integer(1, 3600)),
      maxAttempts: variable(env, "WEBHOOK_MAX_ATTEMPTS", "10", "Delivery attempts of a webhook before it is marked failed.", integer(1, 100)),
    },
    accessWebhookSecret: variable(
      env,
      "ACCESS_WEBHOOK_SECRET",
      undefined,
      "Secret (whsec_…) of cpms's webhook at the authorisation system, shown when an operator gives cpms's API client a webhook URL (…/api/access-events). Unset: cpms takes no webhooks.",
      (raw) => {
        if (!/^whsec_[A-Za-z0-9+/]{20,}={0,2}$/.test(raw)) throw new Error("expected the whsec_… secret the authorisation system showed");
        return raw;
      },
    ),
    sms: {
      gatewayUrl: smsGatewayUrl,
      gatewayAuthHeader: variable(env, "SMS_GATEWAY_AUTH_HEADER", undefined, 'Header sent to the SMS gateway, e.g. "Authorization: Bearer xyz".', header),
      gatewayBodyTemplate: variable(
        env,
        "SMS_GATEWAY_BODY_TEMPLATE",
        SMS_BODY_TEMPLATE,
        "JSON body posted to the SMS gateway; {{to}} and {{text}} are replaced, JSON-escaped.",
        jsonTemplate,
      ),
      allowedCountryCodes: variable(
        env,
        "SMS_ALLOWED_COUNTRY_CODES",
        EU_EEA_UK_CH_CALLING_CODES.join(","),
        "Calling codes of the mobile phone numbers that may receive SMS (comma-separated; default: EU, EEA, UK, Switzerland).",
        callingCodes,
      ),
    },
    captcha: variable(env, "CAPTCHA", "on", '"off" turns the registration CAPTCHA off (demos, automated journeys).', onOff),
    passwordLinkTtlMinutes: variable(env, "PASSWORD_LINK_TTL_MINUTES", "30", "How long a create-password or reset link stays valid.", integer(1, 7 * 24 * 60)),
    passwordMinLength: variable(env, "PASSWORD_MIN_LENGTH", "10", "Minimum password length.", integer(8, 128)),
    sessionIdleMinutes: variable(env, "SESSION_IDLE_MINUTES", "60", "A session unused this long ends.", integer(1, 24 * 60)),
    sessionMaxHours: variable(env, "SESSION_MAX_HOURS", "12", "A session ends this long after sign-in, however active.", integer(1, 24 * 30)),
    login: {
      freeFailures: variable(env, "LOGIN_FREE_FAILURES", "3", "Wrong passwords allowed before delays start.", integer(0, 100)),
      delayBaseSeconds: variable(
        env,
        "LOGIN_DELAY_SECONDS",
        "2",
        "First delay after the free failures; it doubles with each further failure.",
        integer(0, 3600),
      ),
      maxFailures: variable(env, "LOGIN_MAX_FAILURES", "10", "Wrong passwords in a row that lock the account temporarily.", integer(1, 1000)),
      lockMinutes: variable(env, "LOGIN_LOCK_MINUTES", "15", "How long such a lock lasts.", integer(1, 24 * 60)),
    },
    rateLimitPerMinute: variable(env, "RATE_LIMIT_PER_MINUTE", "300", "Requests per minute and client IP for each service.", integer(1, 1_000_000)),
    // The outbox page shows links and codes: off as soon as messages really leave.
    devPages: variable(
      env,
      "DEV_PAGES",
      production || smtpUrl || smsGatewayUrl ? "off" : "on",
      '"on" serves /dev/outbox (mail and SMS not sent to a real server).',
      onOff,
    ),
    demoData: variable(env, "DEMO_DATA", production ? "off" : "on", '"on" seeds demo accounts into an empty database.', onOff),
    logLevel: variable(env, "LOG_LEVEL", "info", "fatal, error, warn, info, debug or trace.", (raw) => {
      if (!["fatal", "error", "warn", "info", "debug", "trace", "silent"].includes(raw)) throw new Error("unknown level");
      return raw;
    }),
    trustProxy: variable(env, "TRUST_PROXY", "off", '"on" when behind a reverse proxy that sets X-Forwarded-For/-Proto.', onOff),
    secretsKey: variable(
      env,
      "SECRETS_KEY",
      undefined,
      "Base64 of 32 random bytes: the key that encrypts authenticator-app secrets. Unset: one is generated and kept in the database.",
      key32,
    ),
    relyingParties: { cpms: relyingParty(env, "cpms"), access: relyingParty(env, "access") },
    files: {
      maxBytes:
        variable(env, "ATTACHMENT_MAX_MB", "25", "Largest file (MB) a CPMS user may upload: an attachment or a signed consent form.", integer(1, 2048)) *
        1024 *
        1024,
      s3: s3Settings(env),
    },
    push: pushSettings(env, mailFrom, publicUrl("identity")),
  };
}

/** Web Push (VAPID): both keys or neither; the subject defaults to the mail sender's address. */
function pushSettings(env: NodeJS.ProcessEnv, mailFrom: string, identityUrl: string): Config["push"] {
  const publicKey = variable(
    env,
    "VAPID_PUBLIC_KEY",
    undefined,
    "Public key (base64url) that Web Push messages to the OpenCPMS Authenticator are signed with; set it with VAPID_PRIVATE_KEY, both from `npx web-push generate-vapid-keys`. Unset: a pair is generated once and kept in the database.",
    vapidPublicKey,
  );
  const privateKey = variable(env, "VAPID_PRIVATE_KEY", undefined, "Its private key (base64url).", vapidPrivateKey);
  const sender = mailAddress(mailFrom);
  const subject = variable(
    env,
    "VAPID_SUBJECT",
    sender ? `mailto:${sender}` : identityUrl,
    "Contact given to push services with each Web Push message: a mailto: address or an https: URL. Default: the address of MAIL_FROM.",
    vapidSubject,
  );
  if (publicKey === undefined && privateKey === undefined) return { vapidKeys: undefined, subject };
  if (publicKey === undefined || privateKey === undefined) {
    const missing = publicKey === undefined ? "VAPID_PUBLIC_KEY" : "VAPID_PRIVATE_KEY";
    throw new ConfigError(
      `${missing} is not set: set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY together (npx web-push generate-vapid-keys), or neither to keep a generated pair in the database.`,
    );
  }
  const pair = createECDH("prime256v1");
  pair.setPrivateKey(Buffer.from(privateKey, "base64url"));
  if (pair.getPublicKey("base64url") !== publicKey)
    throw new ConfigError("VAPID_PUBLIC_KEY is not the public key of VAPID_PRIVATE_KEY: set both from the same `npx web-push generate-vapid-keys`.");
  return { vapidKeys: { publicKey, privateKey }, subject };
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const vapidPublicKey: Parser<string> = (raw) => {
  const key = BASE64URL.test(raw) ? Buffer.from(raw, "base64url") : Buffer.alloc(0);
  if (key.length !== 65 || key[0] !== 4) throw new Error("expected the base64url of an uncompressed P-256 public key (87 characters)");
  // Throws unless the point is on the curve.
  ECDH.convertKey(key, "prime256v1");
  return raw;
};
const vapidPrivateKey: Parser<string> = (raw) => {
  const key = BASE64URL.test(raw) ? Buffer.from(raw, "base64url") : Buffer.alloc(0);
  if (key.length !== 32) throw new Error("expected the base64url of a 32-byte P-256 private key (43 characters)");
  // Throws for zero or a scalar beyond the curve's order.
  createECDH("prime256v1").setPrivateKey(key);
  return raw;
};
const vapidSubject: Parser<string> = (raw) => {
  const parsed = new URL(raw);
  if (parsed.protocol === "mailto:" && /^[^@\s]+@[^@\s]+$/.test(parsed.pathname)) return raw;
  if (parsed.protocol === "https:") return raw;
  throw new Error("expected a mailto: address or an https: URL");
};

/** The address in "Name <address>" or a bare address; undefined if there is none. */
function mailAddress(from: string): string | undefined {
  const address = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(from)?.[1] ?? from.trim();
  return /^[^@\s<>]+@[^@\s<>]+$/.test(address) ? address : undefined;
}

/** S3-compatible storage: all of it when S3_BUCKET is set, none of it otherwise (files then go to DATA_DIR/files). */
function s3Settings(env: NodeJS.ProcessEnv): S3Settings | undefined {
  const bucket = variable(env, "S3_BUCKET", undefined, "Bucket of cpms's files in S3-compatible storage. Unset: files are kept in DATA_DIR/files.", bucketName);
  const endpoint = variable(
    env,
    "S3_ENDPOINT",
    undefined,
    "URL of the S3-compatible service, e.g. https://s3.eu-west-1.amazonaws.com or http://localhost:9000.",
    url,
  );
  const region = variable(env, "S3_REGION", "us-east-1", "Region the S3 requests are signed for.", text);
  const accessKeyId = variable(env, "S3_ACCESS_KEY_ID", undefined, "Access key id for S3.", text);
  const secretAccessKey = variable(env, "S3_SECRET_ACCESS_KEY", undefined, "Secret access key for S3.", text);
  const forcePathStyle = variable(
    env,
    "S3_FORCE_PATH_STYLE",
    "on",
    '"on": http://endpoint/bucket/key (MinIO, Garage); "off": http://bucket.endpoint/key.',
    onOff,
  );
  if (bucket === undefined) return undefined;
  for (const [name, value] of [
    ["S3_ENDPOINT", endpoint],
    ["S3_ACCESS_KEY_ID", accessKeyId],
    ["S3_SECRET_ACCESS_KEY", secretAccessKey],
  ] as const) {
    if (value === undefined) throw new ConfigError(`${name} is not set: S3_BUCKET needs S3_ENDPOINT, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY.`);
  }
  return { bucket, endpoint, region, accessKeyId, secretAccessKey, forcePathStyle } as S3Settings;
}

const bucketName: Parser<string> = (raw) => {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(raw)) throw new Error("expected 3 to 63 lower-case letters, digits, dots or dashes");
  return raw;
};

function relyingParty(env: NodeJS.ProcessEnv, service: RelyingPartyName) {
  const prefix = service.toUpperCase();
  return {
    clientId: variable(env, `${prefix}_CLIENT_ID`, service, `OpenID Connect client id of ${service} at identity.`, clientId),
    clientSecret: variable(
      env,
      `${prefix}_CLIENT_SECRET`,
      undefined,
      `Its client secret (at least 32 characters). Unset: generated at each start, which works only when identity runs in the same process.`,
      clientSecret,
    ),
  };
}

const clientId: Parser<string> = (raw) => {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(raw)) throw new Error("expected 1 to 64 letters, digits, dots, dashes or underscores");
  return raw;
};
const clientSecret: Parser<string> = (raw) => {
  if (raw.length < 32) throw new Error("expected at least 32 characters");
  return raw;
};

function key32(raw: string): Buffer {
  const key = Buffer.from(raw, "base64");
  if (key.length !== 32) throw new Error("expected the base64 of 32 bytes (openssl rand -base64 32)");
  return key;
}

// EU member states, then Iceland, Liechtenstein, Norway, the United Kingdom, Switzerland.
const EU_EEA_UK_CH_CALLING_CODES = "43 32 359 385 357 420 45 372 358 33 49 30 36 353 39 371 370 352 356 31 48 351 40 421 386 34 46 354 423 47 44 41".split(" ");
const SMS_BODY_TEMPLATE = '{"to":"{{to}}","text":"{{text}}"}';

const header: Parser<{ name: string; value: string }> = (raw) => {
  const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):\s*(.+)$/.exec(raw.trim());
  if (!match) throw new Error('expected "Name: value", e.g. "Authorization: Bearer xyz"');
  return { name: match[1], value: match[2] };
};
const jsonTemplate: Parser<string> = (raw) => {
  if (!raw.includes("{{to}}") || !raw.includes("{{text}}")) throw new Error("expected the placeholders {{to}} and {{text}}");
  try {
    JSON.parse(raw.replaceAll("{{to}}", "+32").replaceAll("{{text}}", "x"));
  } catch {
    throw new Error("expected JSON once {{to}} and {{text}} are replaced");
  }
  return raw;
};
const callingCodes: Parser<string[]> = (raw) => {
  const codes = raw
    .split(",")
    .map((s) => s.trim().replace(/^\+/, ""))
    .filter(Boolean);
  const wrong = codes.find((code) => !/^[1-9]\d{0,2}$/.test(code));
  if (wrong !== undefined) throw new Error(`"${wrong}" is not a calling code (1 to 3 digits, e.g. 32 or 359)`);
  if (codes.length === 0) throw new Error("name at least one calling code");
  return codes;
};

function url2smtp(raw: string): string {
  const parsed = new URL(raw);
  if (!["smtp:", "smtps:"].includes(parsed.protocol)) throw new Error("expected smtp:// or smtps://");
  return raw;
}

/** Fails the start with one readable line instead of a stack trace. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
}

/** Lines printed at start: what runs where, without secrets. */
export function summarizeConfig(config: Config): string[] {
  const redact = (value: string) => value.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
  return [
    `services: ${config.services.join(", ")}`,
    `database: ${config.databaseUrl ? redact(config.databaseUrl) : `embedded PGlite in ${config.dataDir}`}`,
    `mail: ${config.smtpUrl ? `SMTP ${redact(config.smtpUrl)}` : "kept in the outbox (opencpms outbox, /dev/outbox)"}`,
    `sms: ${config.sms.gatewayUrl ? `HTTP gateway ${redact(config.sms.gatewayUrl)}` : "kept in the outbox (opencpms outbox, /dev/outbox)"}`,
    `captcha: ${config.captcha ? "on" : "off"}`,
    `files: ${config.files.s3 ? `S3 bucket ${config.files.s3.bucket} at ${config.files.s3.endpoint}` : `folder ${config.dataDir}/files`}`,
    `push: VAPID keys ${config.push.vapidKeys ? "from VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY" : "generated once and kept in the database"}, contact ${config.push.subject}`,
  ];
}
