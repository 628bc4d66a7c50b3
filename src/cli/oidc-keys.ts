/* opencpms oidc-keys list | rotate | remove KID — the keys that sign ID tokens. */
import { loadConfigOrExit } from "../platform/config.ts";
import { forgetKey, listSigningKeys, RETIRED_KEY_KEPT_HOURS, rotateSigningKey, signingKeys } from "../identity/oidc/keys.ts";
import { openForCli } from "./database.ts";

const USAGE = "Usage: opencpms oidc-keys list | rotate | remove KEY_ID";

export async function oidcKeysCommand(args: string[]): Promise<number> {
  const [sub, kid] = args;
  if (!["list", "rotate", "remove"].includes(sub) || (sub === "remove" && !kid)) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfigOrExit();
  const database = await openForCli(config);
  try {
    const { db } = database;
    if (sub === "rotate") {
      const created = await rotateSigningKey(db, config);
      console.log(
        `New signing key ${created}. Restart the identity instances to sign with it; the previous keys stay published for ${RETIRED_KEY_KEPT_HOURS} hours.`,
      );
      return 0;
    }
    if (sub === "remove") {
      if (!(await forgetKey(db, kid))) {
        console.error(`There is no key ${kid}.`);
        return 1;
      }
      console.log(`Key ${kid} removed: ID tokens it signed no longer verify.`);
      return 0;
    }
    await signingKeys(db, config); // creates the first key if there is none
    for (const key of await listSigningKeys(db)) {
      console.log(`${key.kid}  created ${key.createdAt.toISOString()}  ${key.retiredAt ? `retired ${key.retiredAt.toISOString()}` : "signing"}`);
    }
    return 0;
  } finally {
    await database.close();
  }
}
