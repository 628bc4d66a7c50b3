/*
 * POST /api/access-events: the authorisation system tells cpms that a
 * user's CPMS right changed (a Standard Webhooks delivery, signed with
 * ACCESS_WEBHOOK_SECRET), and cpms reads that user's rights again at once
 * instead of at the next refresh.
 * - no secret configured: 404, as if the endpoint did not exist;
 * - a missing or wrong signature, or a timestamp more than five minutes
 *   away: 401, nothing read; a notice of another application: 202, ignored;
 * - the notice only names the user: rights are always re-read over the API,
 *   so a forged or replayed notice can never grant anything; a user cpms has
 *   never seen is skipped (their rights are read at their first sign-in);
 * - the authorisation system unreachable: 503, so the delivery is retried.
 */
import { eq } from "drizzle-orm";
import { NotFound, Problem } from "../../platform/http/errors.ts";
import type { Server } from "../../platform/http/server.ts";
import { verifyWebhook, WebhookVerificationError } from "../../platform/webhook-signature.ts";
import { AccessUnreachable, CPMS_APPLICATION } from "./access-client.ts";
import { recordMemberships } from "./directory.ts";
import { MembershipsUnavailable } from "./memberships.ts";
import { members } from "./tables.ts";

type Notice = { type?: unknown; data?: { sub?: unknown; application?: unknown } };

export async function accessEventRoutes(app: Server): Promise<void> {
  const { db, config } = app.context;
  const secret = config.accessWebhookSecret;
  await app.register(async (scope) => {
    // The signature covers the exact bytes sent: the body is kept as a string.
    scope.removeContentTypeParser("application/json");
    scope.addContentTypeParser("application/json", { parseAs: "string", bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, body));
    scope.post("/api/access-events", { config: { csrf: false, rateLimit: { max: 600, timeWindow: 60_000 } } }, async (request, reply) => {
      if (!secret) throw new NotFound();
      let notice: Notice;
      try {
        notice = verifyWebhook(secret, request.headers, typeof request.body === "string" ? request.body : "") as Notice;
      } catch (error) {
        if (!(error instanceof WebhookVerificationError || error instanceof SyntaxError)) throw error;
        throw new Problem(401, "Unauthorized", `This delivery is not signed by the authorisation system: ${error.message}`);
      }
      const sub = notice.data?.sub;
      if (notice.type !== "authorization.changed" || notice.data?.application !== CPMS_APPLICATION || typeof sub !== "string" || sub.length > 255) {
        return reply.status(202).send({ refreshed: false });
      }
      const [member] = await db.select().from(members).where(eq(members.sub, sub));
      if (!member) return reply.status(202).send({ refreshed: false });
      try {
        const rights = await app.cpmsAccess.rightsOf(sub);
        await db.transaction((tx) => recordMemberships(tx, member, rights, new Date()));
      } catch (error) {
        if (error instanceof AccessUnreachable) throw new MembershipsUnavailable();
        throw error;
      }
      return reply.status(200).send({ refreshed: true });
    });
  });
}
