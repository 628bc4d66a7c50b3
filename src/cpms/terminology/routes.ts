/*
 * Searching HPO, Orphanet and ICD-10 for the record's pickers.
 * - GET /api/terms?system=HPO|ORPHA|ICD10&q=…&limit=20: the terms matching
 *   what was typed, best first (lookup.ts), never obsolete ones;
 * - GET /api/terms/:system/:code: one term by its canonical code, obsolete
 *   ones too (flagged, with their replacement) so a record can show what it
 *   holds; 404 for an unknown code;
 * - only signed-in CPMS members (requireMember), checked before the input is
 *   read; input validated by schema (a query of at most 100 characters);
 * - pickers ask at every key stroke: a limit of its own, counted per session
 *   rather than per address, since a hospital's users often share one.
 * Reference data only: no patient data is read, so nothing is audited.
 */
import { createHash } from "node:crypto";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { NotFound } from "../../platform/http/errors.ts";
import type { Server } from "../../platform/http/server.ts";
import { requireMember } from "../authorizations/memberships.ts";
import { describeTerms, searchTerms, type Term } from "./lookup.ts";
import { TermParams, TermReply, TermsQuery, TermsReply } from "./schemas.ts";

export const TERMS_RATE_LIMIT = { max: 1200, timeWindow: 60_000 };

function perSession(request: FastifyRequest): string {
  const session = request.cookies?.cpms_session;
  return session ? `session:${createHash("sha256").update(session).digest("base64url").slice(0, 22)}` : request.ip;
}

const withSynonyms = (term: Term) => ({ ...term, synonyms: term.synonyms ?? [] });

export async function terminologyRoutes(app: Server): Promise<void> {
  const { db } = app.context;

  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.addHook("preValidation", async (request) => {
      await requireMember(request);
    });
    const config = { rateLimit: { ...TERMS_RATE_LIMIT, keyGenerator: perSession } };

    scope.get("/api/terms", { schema: { querystring: TermsQuery, response: { 200: TermsReply } }, config }, async (request) => {
      const { system, q, limit } = request.query;
      return { terms: (await searchTerms(db, system, q, limit)).map(withSynonyms) };
    });

    scope.get("/api/terms/:system/:code", { schema: { params: TermParams, response: { 200: TermReply } }, config }, async (request) => {
      const { system, code } = request.params;
      const term = (await describeTerms(db, system, [code])).get(code);
      if (!term) throw new NotFound(`There is no ${system} term ${code}.`);
      return { ...withSynonyms(term), isObsolete: term.isObsolete ?? false, replacedBy: term.replacedBy ?? null };
    });
  });
}
