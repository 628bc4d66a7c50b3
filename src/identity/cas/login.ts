/*
 * What /cas/login does with a request, checked in this order:
 * 1. without `service`: identity's home page, after signing in if needed;
 * 2. a service URL no registered pattern matches: an error page, never a
 *    ticket nor a redirect to it;
 * 3. the level needed is the service's, raised (never lowered) by EU
 *    Login's `authenticationLevel`;
 * 4. `renew`: only a new login gives a ticket (sign-in-request.ts); without
 *    one, the sign-in page, whatever session exists; `gateway` is then
 *    ignored, as the CAS specification recommends;
 * 5. no session: `gateway` goes back to the service without a ticket,
 *    otherwise the sign-in page;
 * 6. a session below the level, or proving none of `acceptStrengths`:
 *    `gateway` goes back without a ticket; otherwise the step-up page,
 *    offering only the methods that would satisfy the request among those
 *    the user has set up (the level first, if no single method satisfies
 *    both); when the user has none of them, an error page naming them;
 * 7. otherwise a ticket.
 */
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import type { CurrentSession } from "../accounts/sessions.ts";
import { type Assurance, higherAssurance, meetsAssurance, type SecondFactor } from "../factors/factor.ts";
import { SECOND_FACTORS } from "../factors/registry.ts";
import { type CasService, findCasService } from "./services.ts";
import { isNewLogin } from "./sign-in-request.ts";
import { meetsStrengths, methodsProving, type Strength } from "./strengths.ts";

export type LoginRequest = {
  service?: string;
  renew: boolean;
  gateway: boolean;
  level?: Assurance;
  acceptStrengths?: Strength[];
  /** The marker of a sign-in /cas/login asked for (sign-in-request.ts). */
  signInAsked?: string;
};

export type LoginOutcome =
  | { kind: "home" }
  | { kind: "sign-in" }
  | { kind: "step-up"; acr: Assurance; methods?: string[] }
  | { kind: "back-without-ticket"; service: string }
  | { kind: "ticket"; service: string; registered: CasService; isFromNewLogin: boolean }
  | { kind: "refused"; status: 400 | 403; title: string; message: string };

export async function decideLogin(db: Db, config: Config, request: LoginRequest, session: CurrentSession | null): Promise<LoginOutcome> {
  const { service } = request;
  if (service === undefined) return session ? { kind: "home" } : { kind: "sign-in" };
  const registered = await findCasService(db, service);
  if (!registered) {
    return {
      kind: "refused",
      status: 400,
      title: "Sign-in could not continue",
      message: "The application that sent you here is not registered with OpenCPMS Login, so it cannot receive your sign-in.",
    };
  }
  const needs = higherAssurance(registered.acr, request.level ?? "low");
  const gateway = request.gateway && !request.renew;
  if (!session) return gateway ? { kind: "back-without-ticket", service } : { kind: "sign-in" };
  const isFromNewLogin = request.signInAsked !== undefined && (await isNewLogin(db, config, request.signInAsked, service, session));
  if (request.renew && !isFromNewLogin) return { kind: "sign-in" };

  const needsLevel = !meetsAssurance(session.acr, needs);
  const needsStrength = request.acceptStrengths !== undefined && !meetsStrengths(session.amr, request.acceptStrengths);
  if (!needsLevel && !needsStrength) return { kind: "ticket", service, registered, isFromNewLogin };
  if (gateway) return { kind: "back-without-ticket", service };

  const reachesLevel = (factor: SecondFactor) => !needsLevel || meetsAssurance(factor.assurance, needs);
  const proving = request.acceptStrengths ? methodsProving(request.acceptStrengths) : [];
  const provesStrength = (factor: SecondFactor) => !needsStrength || proving.includes(factor.method);
  let candidates = SECOND_FACTORS.filter((factor) => reachesLevel(factor) && provesStrength(factor));
  // No one method does both (an SMS at level high): the level now, the strength on the way back.
  if (!candidates.length && needsLevel && needsStrength) candidates = SECOND_FACTORS.filter(reachesLevel);
  if (!candidates.length) {
    return {
      kind: "refused",
      status: 400,
      title: "Sign-in could not continue",
      message: `The application that sent you here accepts only sign-ins with ${request.acceptStrengths?.join(", ")}, which OpenCPMS Login cannot offer you.`,
    };
  }
  const setUp = await Promise.all(candidates.map((factor) => factor.isSetUp(db, session.user.id)));
  const usable = candidates.filter((_, i) => setUp[i]);
  if (!usable.length) {
    const labels = candidates.map((factor) => `“${factor.label}”`).join(" or ");
    return {
      kind: "refused",
      status: 403,
      title: "A verification method is needed",
      message: `The application that sent you here needs you to confirm it is you with ${labels}. You have not set up ${candidates.length === 1 ? "this method" : "any of these methods"} yet: add one in My Account, then go back to the application.`,
    };
  }
  const acr = needsLevel ? needs : "substantial";
  return needsStrength ? { kind: "step-up", acr, methods: usable.map((factor) => factor.method) } : { kind: "step-up", acr };
}
