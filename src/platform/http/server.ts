/*
 * The Fastify server every service starts from:
 * - JSON-schema (TypeBox) validation with readable field errors;
 * - errors as application/problem+json (RFC 9457), never a stack trace;
 * - helmet with a strict Content-Security-Policy (scripts only from self);
 * - cookies, CSRF protection on every state-changing request, rate limits per
 *   client IP kept in PostgreSQL;
 * - pino logs without query strings (links carry tokens);
 * - GET /healthz answers 200 when the database answers.
 */
import cookie from "@fastify/cookie";
import csrf from "@fastify/csrf-protection";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { sql } from "drizzle-orm";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyLoggerOptions } from "fastify";
import type { Config, ServiceName } from "../config.ts";
import type { Db } from "../db/database.ts";
import type { PlatformTables } from "../db/platform-tables.ts";
import { InvalidField, Problem } from "./errors.ts";
import { safeError } from "./log-serializers.ts";
import { endEventStreams } from "./server-events.ts";
import { postgresRateLimitStore } from "./rate-limit-store.ts";
import { fieldErrors } from "./validation-messages.ts";

export type ServerContext = {
  config: Config;
  service: ServiceName;
  db: Db;
  tables: PlatformTables;
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export async function createServer(context: ServerContext) {
  const { config, service, db, tables } = context;
  const logger: FastifyLoggerOptions = {
    level: config.logLevel,
    serializers: {
      req: (req) => ({ method: req.method, url: req.url.split("?")[0], remoteAddress: req.ip }),
      err: safeError,
    },
  };
  const app = Fastify({
    logger: { ...logger, base: { service } },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { allErrors: true, verbose: true, keywords: ["errorMessage"], removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const secure = config.urls[service].startsWith("https:");
  app.decorate("context", { ...context, secureCookies: secure });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine writes its CSS variables in a <style> element.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        mediaSrc: ["'self'", "blob:"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: secure ? [] : null,
      },
    },
    strictTransportSecurity: secure,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(csrf, {
    cookieKey: `${service}_csrf`,
    cookieOpts: { path: "/", httpOnly: true, sameSite: "lax", secure },
  });
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    store: postgresRateLimitStore(db, tables.rateLimits),
    allowList: (request) => request.url === "/healthz" || request.url.startsWith("/assets/"),
    errorResponseBuilder: (_request, context) =>
      new Problem(429, "Too Many Requests", `Too many requests. Please wait ${Math.ceil(context.ttl / 1000)} seconds and try again.`, undefined, {
        "retry-after": String(Math.ceil(context.ttl / 1000)),
      }),
  });

  // Every state-changing request must carry the CSRF token, unless a route opts out
  // (machine-to-machine endpoints authenticated otherwise).
  app.addHook("onRequest", (request, reply, done) => {
    if (SAFE_METHODS.has(request.method) || request.routeOptions.config?.csrf === false) return done();
    app.csrfProtection(request, reply, done);
  });

  // No text anywhere may hold a NUL character: PostgreSQL refuses it, and no person types one.
  app.addHook("preValidation", async (request) => {
    const field = nulField(request.body, "");
    if (field !== null) throw new InvalidField(field || "body", "This text holds a character that cannot be stored (NUL): please type it again.");
  });

  app.setErrorHandler((error: FastifyError | Problem, request, reply) => {
    if (error instanceof Problem) {
      reply.headers(error.headers);
      return sendProblem(reply, error.status, error.title, error.message, error.errors, error.extensions);
    }
    if (error.validation) {
      const errors = fieldErrors(error.validation);
      const detail = errors.length === 1 ? errors[0].detail : "Please check the highlighted fields.";
      return sendProblem(reply, 400, "Bad Request", detail, errors);
    }
    if (error.code === "FST_CSRF_INVALID_TOKEN" || error.code === "FST_CSRF_MISSING_SECRET") {
      return sendProblem(reply, 403, "Forbidden", "This page has expired. Please reload it and try again.");
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error(error);
    const detail = status === 500 ? "Something went wrong on our side. Please try again in a moment." : error.message;
    return sendProblem(reply, status, status === 413 ? "Payload Too Large" : "Error", detail);
  });

  app.setNotFoundHandler((request, reply) => sendProblem(reply, 404, "Not Found", `There is nothing at ${request.url.split("?")[0]}.`));

  app.get("/healthz", { config: { rateLimit: false } }, async () => {
    await db.execute(sql`select 1`);
    return { status: "ok", service };
  });

  app.addHook("preClose", async () => endEventStreams(app.server));

  app.get("/api/csrf", async (_request, reply) => ({ token: reply.generateCsrf() }));

  return app;
}

function sendProblem(
  reply: import("fastify").FastifyReply,
  status: number,
  title: string,
  detail: string,
  errors?: unknown,
  extensions: Record<string, unknown> = {},
) {
  return reply
    .status(status)
    .type("application/problem+json")
    .send({ type: "about:blank", title, status, detail, ...(errors ? { errors } : {}), ...extensions });
}

export type Server = Awaited<ReturnType<typeof createServer>>;

declare module "fastify" {
  interface FastifyInstance {
    context: ServerContext & { secureCookies: boolean };
  }
  interface FastifyContextConfig {
    csrf?: boolean;
  }
}

export type { FastifyInstance };

/** The path ("record.clinicalSummary", "invitees.0.note") of the first string in a JSON body holding a NUL character, or null. */
export function nulField(value: unknown, path: string): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (value === null || typeof value !== "object" || Buffer.isBuffer(value)) return null;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes("\u0000")) return path ? `${path}.${key}` : key;
    const found = nulField(inner, path ? `${path}.${key}` : key);
    if (found !== null) return found;
  }
  return null;
}
