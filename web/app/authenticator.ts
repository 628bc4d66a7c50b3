/* The app's one Authenticator: its devices in this browser's IndexedDB, its calls to the page's own origin. */
import { Authenticator } from "../../src/identity/factors/mobile-app/authenticator.ts";
import { indexedDbStore } from "./device-store.ts";

export const authenticator = new Authenticator({ store: indexedDbStore() });

/** The link a QR code holds, rebuilt from the app's own address (`#/init/<token>`, `#/qr/<question>`). */
export function linkFromHash(hash: string): { kind: "init" | "qr"; link: string } | null {
  const match = /^#\/(init|qr)\/([A-Za-z0-9_-]+)$/.exec(hash);
  if (!match) return null;
  return { kind: match[1] as "init" | "qr", link: `${location.origin}/app/#/${match[1]}/${match[2]}` };
}

export function goHome(): void {
  history.replaceState(null, "", "/app/#/");
  window.dispatchEvent(new HashChangeEvent("hashchange"));
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
