/*
 * The second step of a sign-in, and the step-up of an open session.
 * - it starts only after the password (or, for a step-up, the open session)
 *   proved the first factor, and only with a method the account has set up;
 * - the pending step lives PENDING_MINUTES and allows MAX_ATTEMPTS answers;
 *   then it is gone and the user starts again;
 * - wrong answers also count per account (factor-lockout.ts), so starting
 *   again does not give endless tries;
 * - success opens a session (or, for a step-up, replaces the open one with a
 *   new token, without asking for the password again) with the amr of both
 *   factors plus `mfa`, at the factor's assurance level (never lower than
 *   the session had); the pending step is used up.
 */
import { and, eq, gt, lt, sql } from "drizzle-orm";
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import type { Config } from "../../platform/config.ts";
import { randomToken, sha256 } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/database.ts";
import { BadRequest, InvalidField, Problem, TooManyRequests } from "../../platform/http/errors.ts";
import { higherAssurance, type SecondFactor, type User } from "../factors/factor.ts";
import { secondFactor } from "../factors/registry.ts";
import { auditEvents } from "../pg-schema.ts";
import { countFactorFailure, refuseWhileFactorLocked } from "./factor-lockout.ts";
import { openSession } from "./open-session.ts";
import { createSession } from "./sessions.ts";
import { pendingAuthentications, sessions, users } from "./tables.ts";

export const PENDING_MINUTES = 10;
export const MAX_ATTEMPTS = 5;

const START_AGAIN = "Please sign in again.";

export async function factorFor(db: Db, userId: string, method: string): Promise<SecondFactor> {
  const factor = secondFactor(method);
  if (!factor) throw new InvalidField("method", "Choose a verification method from the list.");
  if (!(await factor.isSetUp(db, userId))) {
    throw new InvalidField("method", `You have not set up “${factor.label}”. Choose another method, or sign in with your password and add it in My Account.`);
  }
  return factor;
}

export type Begun = { pendingToken: string; method: string; show: Record<string, unknown> };

export async function beginSecondFactor(
  db: Db,
  config: Config,
  origin: RequestOrigin,
  input: { user: User; method: string; firstAmr: string[]; sessionTokenHash?: string; choice?: Record<string, unknown> },
): Promise<Begun> {
  await refuseWhileFactorLocked(db, input.user.id);
  const factor = await factorFor(db, input.user.id, input.method);
  const { state, show } = await factor.start({ db, config, origin, user: input.user }, input.choice ?? {});
  const pendingToken = randomToken();
  await db.insert(pendingAuthentications).values({
    tokenHash: sha256(pendingToken),
    userId: input.user.id,
    method: factor.method,
    firstAmr: input.firstAmr,
    sessionTokenHash: input.sessionTokenHash ?? null,
    state,
    expiresAt: new Date(Date.now() + PENDING_MINUTES * 60_000),
  });
  return { pendingToken, method: factor.method, show };
}

async function findPending(db: Db, pendingToken: string) {
  const [row] = await db
    .select({ pending: pendingAuthentications, user: users })
    .from(pendingAuthentications)
    .innerJoin(users, eq(users.id, pendingAuthentications.userId))
    .where(and(eq(pendingAuthentications.tokenHash, sha256(pendingToken)), gt(pendingAuthentications.expiresAt, new Date())));
  if (!row) throw new BadRequest(`This sign-in has expired. ${START_AGAIN}`);
  return row;
}

/** Sends the challenge again (a new SMS code…) for the same pending step. */
export async function restartSecondFactor(
  db: Db,
  config: Config,
  origin: RequestOrigin,
  pendingToken: string,
  choice: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const { pending, user } = await findPending(db, pendingToken);
  const factor = await factorFor(db, user.id, pending.method);
  const { state, show } = await factor.start({ db, config, origin, user }, { ...choice, previous: pending.state });
  await db.update(pendingAuthentications).set({ state }).where(eq(pendingAuthentications.tokenHash, pending.tokenHash));
  return show;
}

export type Completed = { email: string; sessionToken: string; deviceToken?: string; amr: string[]; acr: string };

/**
 * `currentSessionHash` is the requester's session: a step-up completes only
 * in the session that started it, and the raised session gets a new token
 * (the old one ends), so a token known at the lower level is worth nothing.
 */
export async function completeSecondFactor(
  db: Db,
  config: Config,
  origin: RequestOrigin,
  pendingToken: string,
  answer: Record<string, unknown>,
  currentSessionHash?: string,
): Promise<Completed> {
  const { pending, user } = await findPending(db, pendingToken);
  // Counted before checking, atomically, so parallel guesses cannot exceed the limit.
  const [counted] = await db
    .update(pendingAuthentications)
    .set({ attempts: sql`${pendingAuthentications.attempts} + 1` })
    .where(and(eq(pendingAuthentications.tokenHash, pending.tokenHash), lt(pendingAuthentications.attempts, MAX_ATTEMPTS)))
    .returning({ attempts: pendingAuthentications.attempts });
  if (!counted) {
    // Gone meanwhile: a parallel answer completed it (or it ended); otherwise the tries are used up.
    const [ended] = await db.delete(pendingAuthentications).where(eq(pendingAuthentications.tokenHash, pending.tokenHash)).returning();
    if (!ended) throw new BadRequest(`This sign-in has already been completed. ${START_AGAIN}`);
    throw new TooManyRequests(`Too many wrong answers. ${START_AGAIN}`, 1);
  }
  await refuseWhileFactorLocked(db, user.id);
  const factor = await factorFor(db, user.id, pending.method);
  let proven: Awaited<ReturnType<SecondFactor["verify"]>>;
  try {
    proven = await factor.verify({ db, config, origin, user }, pending.state, answer);
  } catch (error) {
    await audit(db, auditEvents, origin, {
      type: "sign_in.second_factor_failed",
      subjectId: user.id,
      details: { method: factor.method, attempt: counted.attempts },
    });
    if (error instanceof Problem) await countFactorFailure(db, config, user, origin);
    if (error instanceof Problem && counted.attempts >= MAX_ATTEMPTS) {
      await db.delete(pendingAuthentications).where(eq(pendingAuthentications.tokenHash, pending.tokenHash));
      throw new TooManyRequests(`${error.message} That was the last try. ${START_AGAIN}`, 1);
    }
    throw error;
  }
  const amr = [...new Set([...pending.firstAmr, ...proven.amr, "mfa"])];

  return db.transaction(async (tx) => {
    // Single-use: whoever deletes it first completes the sign-in.
    const [used] = await tx.delete(pendingAuthentications).where(eq(pendingAuthentications.tokenHash, pending.tokenHash)).returning();
    if (!used) throw new BadRequest(`This sign-in has already been completed. ${START_AGAIN}`);
    if (used.sessionTokenHash) {
      if (used.sessionTokenHash !== currentSessionHash) throw new BadRequest(`This confirmation was started in another session. ${START_AGAIN}`);
      const [previous] = await tx.delete(sessions).where(eq(sessions.tokenHash, used.sessionTokenHash)).returning();
      if (!previous) throw new BadRequest(`Your session has ended. ${START_AGAIN}`);
      const acr = higherAssurance(previous.acr, proven.acr);
      const sessionToken = await createSession(tx, config, user.id, { amr: [...new Set([...previous.amr, ...amr])], acr }, origin);
      await audit(tx, auditEvents, origin, { type: "session.stepped_up", actorId: user.id, subjectId: user.id, details: { amr, acr } });
      return { email: user.email, sessionToken, amr, acr };
    }
    const opened = await openSession(tx, config, origin, user.id, { amr, acr: proven.acr });
    return { ...opened, email: user.email, amr, acr: proven.acr };
  });
}
