/*
 * Where `opencpms authenticator` keeps its devices: a JSON file (--store
 * FILE, else OPENCPMS_AUTHENTICATOR_STORE, else
 * $XDG_CONFIG_HOME/opencpms/authenticator.json, by default
 * ~/.config/opencpms/authenticator.json).
 * - it holds private keys: the file is created readable by its owner only
 *   (0600), in a directory of its own made 0700;
 * - keys are kept as JWK (the command's keys are extractable; the app's in
 *   the browser never are);
 * - every change is written beside the file and renamed over it, so a
 *   crash leaves the old file or the new one, never half of one;
 * - a file that cannot be read is a clear error and is never overwritten.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DeviceStore, StoredDevice } from "../identity/factors/mobile-app/authenticator.ts";
import { SIGNATURE_ALGORITHM } from "../identity/factors/mobile-app/protocol.ts";

const VERSION = 1;

type SavedDevice = Omit<StoredDevice, "privateKey" | "secret"> & { privateKey: JsonWebKey; secret: JsonWebKey };
type SavedFile = { version: number; devices: SavedDevice[] };

/** The store file cannot be read or written: the message says which file and what to do. */
export class StoreError extends Error {}

export function defaultStorePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.OPENCPMS_AUTHENTICATOR_STORE) return path.resolve(env.OPENCPMS_AUTHENTICATOR_STORE);
  const config = env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config");
  return path.join(config, "opencpms", "authenticator.json");
}

async function toSaved(device: StoredDevice): Promise<SavedDevice> {
  return {
    ...device,
    privateKey: await crypto.subtle.exportKey("jwk", device.privateKey),
    secret: await crypto.subtle.exportKey("jwk", device.secret),
  };
}

async function fromSaved(saved: SavedDevice): Promise<StoredDevice> {
  return {
    ...saved,
    privateKey: await crypto.subtle.importKey("jwk", saved.privateKey, SIGNATURE_ALGORITHM, true, ["sign"]),
    secret: await crypto.subtle.importKey("jwk", saved.secret, { name: "HMAC", hash: "SHA-256" }, true, ["sign"]),
  };
}

function isSavedDevice(value: unknown): value is SavedDevice {
  const device = value as SavedDevice;
  return (
    typeof device === "object" &&
    device !== null &&
    typeof device.server === "string" &&
    typeof device.deviceId === "string" &&
    typeof device.deviceName === "string" &&
    typeof device.account?.email === "string" &&
    typeof device.privateKey === "object" &&
    typeof device.secret === "object"
  );
}

export class FileStore implements DeviceStore {
  readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  private broken(reason: string): StoreError {
    return new StoreError(`The authenticator store ${this.file} cannot be read (${reason}). Move it away or give another one with --store FILE.`);
  }

  private read(): SavedDevice[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw this.broken((error as Error).message);
    }
    let parsed: SavedFile;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw this.broken("it is not JSON");
    }
    if (parsed?.version !== VERSION || !Array.isArray(parsed.devices) || !parsed.devices.every(isSavedDevice)) {
      throw this.broken("it is not an OpenCPMS Authenticator store");
    }
    return parsed.devices;
  }

  private write(devices: SavedDevice[]): void {
    const directory = path.dirname(this.file);
    if (!fs.existsSync(directory)) fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
    const aside = path.join(directory, `.${path.basename(this.file)}.${process.pid}.tmp`);
    try {
      fs.writeFileSync(aside, `${JSON.stringify({ version: VERSION, devices } satisfies SavedFile, null, 2)}\n`, { mode: 0o600, flag: "w" });
      fs.chmodSync(aside, 0o600);
      fs.renameSync(aside, this.file);
    } catch (error) {
      fs.rmSync(aside, { force: true });
      throw new StoreError(`The authenticator store ${this.file} cannot be written (${(error as Error).message}).`);
    }
  }

  async list(): Promise<StoredDevice[]> {
    const saved = this.read();
    try {
      return await Promise.all(saved.map(fromSaved));
    } catch {
      throw this.broken("a key in it is damaged");
    }
  }

  async save(device: StoredDevice): Promise<void> {
    const devices = this.read().filter((saved) => saved.deviceId !== device.deviceId);
    this.write([...devices, await toSaved(device)]);
  }

  async remove(deviceId: string): Promise<void> {
    const devices = this.read();
    const kept = devices.filter((saved) => saved.deviceId !== deviceId);
    if (kept.length !== devices.length) this.write(kept);
  }
}
