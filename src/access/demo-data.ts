/*
 * Demo approvers and rights for the demo accounts identity created in this
 * process (DEMO_DATA=on): who holds what, who approves which ERN.
 * - the helpdesk approves every ERN; Sofia Rossi coordinates EURACAN (named
 *   approver, and holder of CPMS's Coordinator profile);
 * - the demo healthcare professionals and EURACAN's team hold their CPMS
 *   profiles; two requests wait, one of them overdue, so the approvers'
 *   queue is not empty;
 * - every right has its history, saying "demo data". A provider missing
 *   from an imported catalogue is replaced by that country's Guest Access.
 */
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Config } from "../platform/config.ts";
import type { Db } from "../platform/db/database.ts";
import { approvers } from "./approvals/tables.ts";
import { profiles, providers } from "./catalog/tables.ts";
import { GUEST_ACCESS } from "./catalog/guest-access.ts";
import { type RightStatus, rights } from "./requests/tables.ts";
import { recordCreation } from "./requests/transitions.ts";

/** A demo account as identity created it: its `sub`, e-mail and name. */
export type DemoAccount = { sub: string; email: string; name: string };

const DEMO_APPROVERS = [
  { email: "helpdesk@opencpms.example", ernCode: null, role: "helpdesk" },
  { email: "sofia.rossi@ern-euracan.example", ernCode: "EURACAN", role: "coordinator" },
] as const;

const HOUR = 3_600_000;

/** Who holds or asks for which CPMS profile where (ERN / country / provider code), and how long ago. */
const DEMO_RIGHTS: { email: string; profile: string; at: [string, string, string]; status: RightStatus; hoursAgo: number; comment?: string }[] = [
  { email: "sofia.rossi@ern-euracan.example", profile: "Coordinator", at: ["EURACAN", "IT", "IT01"], status: "granted", hoursAgo: 24 * 90 },
  { email: "camille.laurent@aphp.example", profile: "HP", at: ["EURACAN", "FR", "FR01"], status: "granted", hoursAgo: 24 * 60 },
  { email: "jonas.becker@charite.example", profile: "HP", at: ["EURACAN", "DE", "DE01"], status: "granted", hoursAgo: 24 * 45 },
  { email: "marta.kowalska@ern-euracan.example", profile: "Dispatcher", at: ["EURACAN", "PL", "PL02"], status: "granted", hoursAgo: 24 * 30 },
  { email: "pieter.jansen@umcg.example", profile: "Panel Manager ERN", at: ["EURACAN", "NL", "NL08"], status: "granted", hoursAgo: 24 * 20 },
  { email: "lena.novak@research.example", profile: "Researcher", at: ["EURACAN", "SI", "SI02"], status: "granted", hoursAgo: 24 * 10 },
  {
    email: "lena.novak@research.example",
    profile: "Panel Manager HCP",
    at: ["EURACAN", "SI", "SI02"],
    status: "requested",
    hoursAgo: 24 * 4,
    comment: "I help our centre's panel lead prepare the sarcoma panels.",
  },
  {
    email: "jonas.becker@charite.example",
    profile: "Researcher",
    at: ["EURACAN", "DE", "DE01"],
    status: "requested",
    hoursAgo: 3,
    comment: "For our registry study on rare sarcomas.",
  },
];

export async function seedAccessDemo(db: Db, _config: Config, accounts: DemoAccount[]): Promise<void> {
  const byEmail = new Map(accounts.map((account) => [account.email.toLowerCase(), account]));
  await db.transaction(async (tx) => {
    const named = DEMO_APPROVERS.flatMap((approver) => {
      const account = byEmail.get(approver.email);
      return account ? [{ ...approver, name: account.name }] : [];
    });
    if (named.length) await tx.insert(approvers).values(named).onConflictDoNothing();

    const subs = accounts.map((account) => account.sub);
    if (subs.length === 0) return;
    const existing = await tx.select({ id: rights.id }).from(rights).where(inArray(rights.sub, subs)).limit(1);
    if (existing.length) return;

    const cpmsProfiles = new Map((await tx.select().from(profiles).where(eq(profiles.applicationId, "CPMS"))).map((profile) => [profile.name, profile]));
    const now = Date.now();
    const actor = { sub: null, name: "demo data" };
    for (const demo of DEMO_RIGHTS) {
      const account = byEmail.get(demo.email);
      const profile = cpmsProfiles.get(demo.profile);
      const provider = await providerAt(tx, ...demo.at);
      if (!account || !profile || !provider) continue;
      const at = new Date(now - demo.hoursAgo * HOUR);
      const [right] = await tx
        .insert(rights)
        .values({
          submissionId: randomUUID(),
          sub: account.sub,
          requesterEmail: account.email,
          requesterName: account.name,
          applicationId: "CPMS",
          profileId: profile.id,
          providerId: provider.id,
          status: demo.status,
          comment: demo.comment ?? "",
          requestedAt: at,
          updatedAt: at,
          ...(demo.status === "granted" ? { decidedAt: at, decidedByName: "demo data", decisionReason: "demo data" } : {}),
        })
        .returning();
      await recordCreation(tx, right, actor, demo.status === "granted" ? "Granted (demo data)" : "Request submitted (demo data)");
    }
  });
}

async function providerAt(tx: Db, ernCode: string, countryCode: string, code: string) {
  for (const wanted of [code, GUEST_ACCESS.code]) {
    const [found] = await tx
      .select({ id: providers.id })
      .from(providers)
      .where(and(eq(providers.ernCode, ernCode), eq(providers.countryCode, countryCode), eq(providers.code, wanted)));
    if (found) return found;
  }
  return null;
}
