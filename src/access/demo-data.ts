/*
 * Demo approvers and rights for the demo accounts identity created in this
 * process (DEMO_DATA=on): who holds what, who approves which ERN.
 */
import type { Config } from "../platform/config.ts";
import type { Db } from "../platform/db/database.ts";

/** A demo account as identity created it: its `sub`, e-mail and name. */
export type DemoAccount = { sub: string; email: string; name: string };

export async function seedAccessDemo(_db: Db, _config: Config, _accounts: DemoAccount[]): Promise<void> {
  // Filled in by the requests and approvals features.
}
