/*
 * HTTP endpoints of signing in and out: the e-mail step, the password step,
 * the second step, the step-up of an open session, re-authentication.
 */
import { and, eq } from "drizzle-orm";
import type { FastifyReply } from "fastify";
import { audit } from "../../platform/audit.ts";
import { sha256 } from "../../platform/crypto.ts";
import { BadRequest } from "../../platform/http/errors.ts";
import type { Server } from "../../platform/http/server.ts";
import { methodLabels, SECOND_FACTORS } from "../factors/registry.ts";
import { auditEvents } from "../pg-schema.ts";
import {
  clearPendingCookie,
  clearSessionCookie,
  DEVICE_COOKIE,
  forgetEmail,
  PENDING_COOKIE,
  rememberEmail,
  rememberedEmail,
  sessionToken,
  setDeviceCookie,
  setPendingCookie,
  setSessionCookie,
} from "./cookies.ts";
import { currentSession, requireSession } from "./current-session.ts";
import { normaliseEmail } from "./email.ts";
import { openSession } from "./open-session.ts";
import { originOf, strict } from "./routes.ts";
import { EmailBody, PasswordBody, ResendBody, SecondFactorBody, SignInBody, StepUpBody } from "./schemas.ts";
import { beginSecondFactor, completeSecondFactor, PENDING_MINUTES, restartSecondFactor } from "./second-factor.ts";
import { endSession } from "./sessions.ts";
import { authenticatePassword } from "./sign-in.ts";
import { runSignOutHooks } from "./sign-out-hooks.ts";
import { knownDevices, pendingAuthentications, sessions, users } from "./tables.ts";

export function signInRoutes(app: Server): void {
  const { db, config } = app.context;

  const signedIn = (reply: FastifyReply, email: string, opened: { sessionToken?: string; deviceToken?: string }) => {
    if (opened.sessionToken) setSessionCookie(reply, opened.sessionToken);
    if (opened.deviceToken) setDeviceCookie(reply, opened.deviceToken);
    clearPendingCookie(reply);
    rememberEmail(reply, email);
  };

  app.get("/api/session", async (request) => {
    const session = await currentSession(request);
    const user = session?.user;
    return {
      user: user ? { id: user.id, email: user.email, firstName: user.firstName, lastName: user.lastName, locale: user.locale, isAdmin: user.isAdmin } : null,
      acr: session?.acr ?? null,
      amr: session?.amr ?? [],
      authTime: session?.authTime.toISOString() ?? null,
      rememberedEmail: rememberedEmail(request),
    };
  });

  app.post("/api/sign-in/email", { schema: { body: EmailBody }, config: strict(30) }, async (request, reply) => {
    const email = normaliseEmail(request.body.email);
    rememberEmail(reply, email);
    // Every method for an unknown browser, so this step reveals nothing about an address;
    // a browser where this account signed in before sees the methods it has set up.
    const device = request.cookies[DEVICE_COOKIE];
    const [known] = device
      ? await db
          .select({ userId: users.id })
          .from(knownDevices)
          .innerJoin(users, eq(users.id, knownDevices.userId))
          .where(and(eq(knownDevices.tokenHash, sha256(device)), eq(users.email, email)))
      : [];
    if (!known) return { email, methods: methodLabels() };
    const setUp = await Promise.all(SECOND_FACTORS.map((factor) => factor.isSetUp(db, known.userId)));
    return { email, methods: methodLabels().filter((method) => method.id === "password" || setUp[SECOND_FACTORS.findIndex((f) => f.method === method.id)]) };
  });

  app.post("/api/sign-in/forget-email", async (_request, reply) => {
    forgetEmail(reply);
    return { ok: true };
  });

  app.post("/api/sign-in", { schema: { body: SignInBody }, config: strict(30) }, async (request, reply) => {
    const origin = originOf(request);
    const user = await authenticatePassword(db, config, origin, request.body);
    if (request.body.method === "password") {
      const opened = await db.transaction((tx) => openSession(tx, config, origin, user.id, { amr: ["pwd"], acr: "low" }));
      signedIn(reply, user.email, opened);
      return { done: true };
    }
    const begun = await beginSecondFactor(db, config, origin, { user, method: request.body.method, firstAmr: ["pwd"], choice: request.body.choice });
    setPendingCookie(reply, begun.pendingToken, PENDING_MINUTES);
    rememberEmail(reply, user.email);
    return { done: false, method: begun.method, show: begun.show };
  });

  const pendingToken = (cookies: Record<string, string | undefined>) => {
    const token = cookies[PENDING_COOKIE];
    if (!token) throw new BadRequest("This sign-in has expired. Please sign in again.");
    return token;
  };

  app.post("/api/sign-in/second-factor", { schema: { body: SecondFactorBody }, config: strict(30) }, async (request, reply) => {
    const current = sessionToken(request);
    const completed = await completeSecondFactor(
      db,
      config,
      originOf(request),
      pendingToken(request.cookies),
      request.body.answer,
      current ? sha256(current) : undefined,
    );
    signedIn(reply, completed.email, completed);
    return { done: true, amr: completed.amr, acr: completed.acr };
  });

  app.post("/api/sign-in/second-factor/resend", { schema: { body: ResendBody }, config: strict(10) }, async (request) => {
    return { show: await restartSecondFactor(db, config, originOf(request), pendingToken(request.cookies), request.body.choice) };
  });

  app.post("/api/session/step-up", { schema: { body: StepUpBody }, config: strict(20) }, async (request, reply) => {
    const session = await requireSession(request);
    const begun = await beginSecondFactor(db, config, originOf(request), {
      user: session.user,
      method: request.body.method,
      firstAmr: session.amr,
      sessionTokenHash: session.tokenHash,
      choice: request.body.choice,
    });
    setPendingCookie(reply, begun.pendingToken, PENDING_MINUTES);
    return { done: false, method: begun.method, show: begun.show };
  });

  app.post("/api/session/reauthenticate", { schema: { body: PasswordBody }, config: strict(20) }, async (request) => {
    const session = await requireSession(request);
    const origin = originOf(request);
    await authenticatePassword(db, config, origin, { email: session.user.email, password: request.body.password });
    await db.update(sessions).set({ authTime: new Date() }).where(eq(sessions.tokenHash, session.tokenHash));
    await audit(db, auditEvents, origin, { type: "session.reauthenticated", actorId: session.user.id, subjectId: session.user.id });
    return { ok: true };
  });

  app.post("/api/sign-out", async (request, reply) => {
    const token = sessionToken(request);
    const pending = request.cookies[PENDING_COOKIE];
    if (pending) await db.delete(pendingAuthentications).where(eq(pendingAuthentications.tokenHash, sha256(pending)));
    const userId = token ? await endSession(db, token) : null;
    if (userId) await audit(db, auditEvents, originOf(request), { type: "sign_out", actorId: userId, subjectId: userId });
    clearSessionCookie(reply);
    clearPendingCookie(reply);
    await runSignOutHooks(request, reply, userId);
    return { ok: true };
  });
}
