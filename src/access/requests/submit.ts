/*
 * Submitting a request (step 4 of "New application access"):
 * - the application exists; every chosen profile is one of its active
 *   profiles (one or several);
 * - the organisation is a healthcare provider (organisation.ts);
 * - a profile the user already asked for or holds at that provider is
 *   refused, naming it; the partial unique index rights_open_unique stands
 *   behind this check for two submissions racing (the route answers 409);
 * - the rights share one submission id and the comment; each gets its
 *   first history event and its change recorded for applications; the
 *   submission is audited and the ERN's approvers are mailed, all in the
 *   caller's transaction.
 */
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { NewRequest, RightView } from "../contract.ts";
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import type { Config } from "../../platform/config.ts";
import type { Db } from "../../platform/db/database.ts";
import { InvalidField } from "../../platform/http/errors.ts";
import type { SignedInUser } from "../../platform/http/oidc-sign-in.ts";
import { mailApproversOfRequest } from "../approvals/mails.ts";
import { applications, profiles } from "../catalog/tables.ts";
import { auditEvents } from "../pg-schema.ts";
import { resolveProvider } from "./organisation.ts";
import { auditedPeople } from "./origin.ts";
import { OPEN_STATUSES, rights } from "./tables.ts";
import { recordCreation, STATUS_WORDS } from "./transitions.ts";
import { findRightViews, organisationLabel } from "./views.ts";

export async function submitRequest(tx: Db, config: Config, origin: RequestOrigin, user: SignedInUser, input: NewRequest): Promise<RightView[]> {
  const [application] = await tx.select().from(applications).where(eq(applications.id, input.applicationId));
  if (!application) throw new InvalidField("applicationId", "This application is not in the list. Go back to Step 1 and select an application.");

  const provider = await resolveProvider(tx, input.organisation);

  const chosen = await tx
    .select()
    .from(profiles)
    .where(and(eq(profiles.applicationId, application.id), inArray(profiles.id, input.profileIds)));
  if (chosen.length !== new Set(input.profileIds).size) {
    throw new InvalidField("profileIds", `One of the selected access profiles is not a profile of ${application.name}. Go back to Step 3 and select again.`);
  }
  const inactive = chosen.find((profile) => profile.status !== "active");
  if (inactive) throw new InvalidField("profileIds", `The access profile “${inactive.name}” can no longer be requested. Deselect it in Step 3.`);

  const open = await tx
    .select({ profileId: rights.profileId, status: rights.status })
    .from(rights)
    .where(
      and(
        eq(rights.sub, user.sub),
        eq(rights.providerId, provider.id),
        inArray(rights.profileId, input.profileIds),
        inArray(rights.status, [...OPEN_STATUSES]),
      ),
    );
  if (open.length > 0) {
    const names = open.map((right) => `“${chosen.find((p) => p.id === right.profileId)?.name}” (${STATUS_WORDS[right.status]})`).join(", ");
    throw new InvalidField(
      "profileIds",
      `You already asked for ${names} at ${organisationLabel(provider)}. Deselect ${open.length === 1 ? "it" : "them"} in Step 3, or choose another organisation.`,
    );
  }

  const submissionId = randomUUID();
  const actor = { sub: user.sub, name: user.name };
  const ordered = chosen.sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name));
  const inserted = await tx
    .insert(rights)
    .values(
      ordered.map((profile) => ({
        submissionId,
        sub: user.sub,
        requesterEmail: user.email ?? "",
        requesterName: user.name,
        applicationId: application.id,
        profileId: profile.id,
        providerId: provider.id,
        comment: input.comment,
      })),
    )
    .returning();
  for (const right of inserted) await recordCreation(tx, right, actor, "Request submitted");

  const { details, ...people } = auditedPeople(user.sub);
  await audit(tx, auditEvents, origin, {
    type: "access.request_submitted",
    ...people,
    details: {
      ...details,
      submissionId,
      rightIds: inserted.map((right) => right.id),
      application: application.id,
      provider: { id: provider.id, ern: provider.ernCode, country: provider.countryCode, code: provider.code },
      profiles: ordered.map((profile) => profile.name),
    },
  });
  await mailApproversOfRequest(tx, config, {
    requester: { name: user.name, email: user.email ?? "" },
    application: application.name,
    profiles: ordered.map((profile) => profile.name),
    provider,
    comment: input.comment,
  });
  return findRightViews(tx, eq(rights.submissionId, submissionId));
}
