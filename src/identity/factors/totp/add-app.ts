/*
 * "Add an authenticator app", first half: a new secret for the app to scan.
 * - needs a recent sign-in (the route checks it);
 * - the app is unconfirmed until its first code (confirm-app.ts): it is not
 *   a factor yet, so nothing is audited or mailed here;
 * - the secret leaves the server only now, as the otpauth:// URI, its QR
 *   code (drawn here, so no page script or third party sees it) and the
 *   secret grouped for typing; afterwards it is only ever stored sealed;
 * - abandoned setups of the account are cleared first; at most MAX_APPS.
 */
import { and, count, eq, isNull, lte } from "drizzle-orm";
import QRCode from "qrcode";
import type { Config } from "../../../platform/config.ts";
import type { Db } from "../../../platform/db/database.ts";
import { Conflict } from "../../../platform/http/errors.ts";
import type { User } from "../factor.ts";
import { groupForTyping, newTotpSecret, otpauthUri } from "./codes.ts";
import { isLive, UNCONFIRMED_MINUTES } from "./own-app.ts";
import { sealSecret } from "./secret-box.ts";
import { authenticatorApps } from "./tables.ts";

export const MAX_APPS = 10;

export type NewApp = { id: string; name: string; uri: string; secret: string; qrCode: string };

export async function addAuthenticatorApp(db: Db, config: Config, user: User, name: string): Promise<NewApp> {
  const secret = newTotpSecret();
  const sealed = await sealSecret(db, config, user.id, secret);
  const id = await db.transaction(async (tx) => {
    await tx
      .delete(authenticatorApps)
      .where(
        and(
          eq(authenticatorApps.userId, user.id),
          isNull(authenticatorApps.confirmedAt),
          lte(authenticatorApps.createdAt, new Date(Date.now() - UNCONFIRMED_MINUTES * 60_000)),
        ),
      );
    const [{ apps }] = await tx
      .select({ apps: count() })
      .from(authenticatorApps)
      .where(and(eq(authenticatorApps.userId, user.id), isLive()));
    if (apps >= MAX_APPS) throw new Conflict(`You can have at most ${MAX_APPS} authenticator apps. Remove one you no longer use first.`);
    const [app] = await tx.insert(authenticatorApps).values({ userId: user.id, name: name.trim(), secret: sealed }).returning({ id: authenticatorApps.id });
    return app.id;
  });
  const uri = otpauthUri(user.email, secret);
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { id, name: name.trim(), uri, secret: groupForTyping(secret), qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
}
