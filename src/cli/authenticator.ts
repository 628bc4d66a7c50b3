/*
 * opencpms authenticator init | list | requests | approve | deny | code |
 * listen | remove — the OpenCPMS Authenticator as a command, for desktops,
 * scripts and tests. The same logic as the app (Authenticator), its devices
 * in a file (FileStore).
 * - it needs no database and no server configuration: it speaks to OpenCPMS
 *   Login over HTTP like a phone, at the server named in the QR code's link;
 * - the PIN comes from --pin, OPENCPMS_AUTHENTICATOR_PIN, or is asked on
 *   the terminal without echo; it is never printed;
 * - `code` computes the Mobile App QR Code method's code without network;
 * - exit 0 done, 1 refused (the service's or the store's message), 2 usage.
 */
import { parseArgs } from "node:util";
import type { Authenticator, StoredDevice } from "../identity/factors/mobile-app/authenticator.ts";
import type { AppRequestView } from "../identity/factors/mobile-app/protocol.ts";

export const AUTHENTICATOR_USAGE = `Usage:
  opencpms authenticator init LINK [--pin PIN]          initialise this computer as a mobile device (LINK: the QR code's text from My Account)
  opencpms authenticator list [--json]                  the devices kept here
  opencpms authenticator requests [--json]              the sign-ins waiting for an answer
  opencpms authenticator approve [--request ID] --number NN [--pin PIN]
  opencpms authenticator deny [--request ID]
  opencpms authenticator code QR_LINK [--pin PIN]       the 8-digit code for a Mobile App QR Code sign-in (no network needed)
  opencpms authenticator listen [--json]                print each new sign-in waiting for an answer, until Ctrl-C
  opencpms authenticator remove DEVICE_ID               forget a device kept here
Every command takes --store FILE (default: OPENCPMS_AUTHENTICATOR_STORE, else ~/.config/opencpms/authenticator.json).
The PIN comes from --pin, else OPENCPMS_AUTHENTICATOR_PIN, else it is asked on the terminal.`;

export type Output = { log: (line: string) => void; error: (line: string) => void };

const CONSOLE: Output = { log: (line) => console.log(line), error: (line) => console.error(line) };

type Sub = "init" | "list" | "requests" | "approve" | "deny" | "code" | "listen" | "remove";
const SUBS: Sub[] = ["init", "list", "requests", "approve", "deny", "code", "listen", "remove"];
/** The argument each command takes (if any), and whether it needs the PIN. */
const SHAPE: Record<Sub, { argument?: string; pin?: boolean }> = {
  init: { argument: "LINK", pin: true },
  list: {},
  requests: {},
  approve: { pin: true },
  deny: {},
  code: { argument: "QR_LINK", pin: true },
  listen: {},
  remove: { argument: "DEVICE_ID" },
};

type Parsed = { sub: Sub; argument?: string; store?: string; pin?: string; request?: string; number?: number; json: boolean } | { usage: string };

function parse(args: string[]): Parsed {
  const [sub, ...rest] = args;
  if (!SUBS.includes(sub as Sub)) return { usage: sub === undefined ? "" : `Unknown command "${sub}".` };
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(rest);
  } catch (error) {
    return { usage: (error as Error).message };
  }
  const { values, positionals } = parsed;
  const shape = SHAPE[sub as Sub];
  if (shape.argument && positionals.length === 0) return { usage: `Missing ${shape.argument}.` };
  if (positionals.length > (shape.argument ? 1 : 0)) return { usage: `Unexpected "${positionals[shape.argument ? 1 : 0]}".` };
  if (values.pin !== undefined && !shape.pin) return { usage: `authenticator ${sub} takes no --pin.` };
  if ((values.request !== undefined && sub !== "approve" && sub !== "deny") || (values.number !== undefined && sub !== "approve")) {
    return { usage: `authenticator ${sub} takes no ${values.request !== undefined ? "--request" : "--number"}.` };
  }
  let number: number | undefined;
  if (sub === "approve") {
    if (values.number === undefined) return { usage: "Missing --number: the number shown in the browser." };
    if (!/^\d{2}$/.test(values.number)) return { usage: `--number: "${values.number}" is not the two-digit number shown in the browser.` };
    number = Number(values.number);
  }
  return { sub: sub as Sub, argument: positionals[0], store: values.store, pin: values.pin, request: values.request, number, json: values.json };
}

function parseOptions(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      store: { type: "string" },
      pin: { type: "string" },
      request: { type: "string" },
      number: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
}

/** A usage error found while running (a missing PIN, an ambiguous request): exit 2. */
class UsageError extends Error {}

/** Asks for the PIN on the terminal, echoing nothing. */
function askPin(): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write("Your 4 digit PIN code: ");
  stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  stdin.resume();
  return new Promise((resolve, reject) => {
    let pin = "";
    const finish = () => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === "\r" || character === "\n") {
          finish();
          resolve(pin);
          return;
        }
        if (character === "\u0003" || character === "\u0004") {
          finish();
          reject(new UsageError("No PIN code given."));
          return;
        }
        if (character === "\u007f" || character === "\b") pin = pin.slice(0, -1);
        else pin += character;
      }
    };
    stdin.on("data", onData);
  });
}

async function pinOf(command: { pin?: string }): Promise<string> {
  if (command.pin !== undefined) return command.pin;
  if (process.env.OPENCPMS_AUTHENTICATOR_PIN) return process.env.OPENCPMS_AUTHENTICATOR_PIN;
  if (process.stdin.isTTY) return askPin();
  throw new UsageError("Missing --pin (or OPENCPMS_AUTHENTICATOR_PIN): the 4 digit PIN code of the device.");
}

const describeDevice = (device: StoredDevice) => `“${device.deviceName}” for ${device.account.email} on ${device.server}`;

function describeRequest(request: AppRequestView, device: StoredDevice): string[] {
  return [
    `${request.id}  ${request.application}`,
    `  browser: ${request.browser}`,
    `  place:   ${request.place}`,
    `  time:    ${request.time} (answer before ${request.expiresAt})`,
    `  numbers: ${request.numbers.join("  ")}   (pick the one shown in the browser)`,
    `  device:  ${describeDevice(device)}`,
  ];
}

const requestJson = (request: AppRequestView, device: StoredDevice) => {
  const { nonce: _nonce, ...shown } = request;
  return { ...shown, deviceId: device.deviceId, deviceName: device.deviceName, email: device.account.email, server: device.server };
};

type Waiting = { request: AppRequestView; device: StoredDevice };

async function devicesOrRefuse(authenticator: Authenticator, store: string): Promise<StoredDevice[]> {
  const devices = await authenticator.store.list();
  if (devices.length === 0) throw new Refused(`No device is kept in ${store}. Initialise one first: opencpms authenticator init LINK.`);
  return devices;
}

/** A refusal of the command itself (exit 1). */
class Refused extends Error {}

async function waiting(authenticator: Authenticator, devices: StoredDevice[]): Promise<Waiting[]> {
  const all: Waiting[] = [];
  for (const device of devices) for (const request of await authenticator.requests(device)) all.push({ request, device });
  return all;
}

/** The request named by --request, else the only one waiting. */
async function chosen(authenticator: Authenticator, devices: StoredDevice[], id: string | undefined): Promise<Waiting> {
  const all = await waiting(authenticator, devices);
  if (id !== undefined) {
    const found = all.find((one) => one.request.id === id);
    if (!found) throw new Refused(`No sign-in ${id} is waiting for an answer: it was answered, has expired, or is not for the devices kept here.`);
    return found;
  }
  if (all.length === 0) throw new Refused("No sign-in is waiting for an answer.");
  if (all.length > 1) {
    const lines = all.map(({ request }) => `  --request ${request.id}  ${request.application}, ${request.browser}, ${request.place}, ${request.time}`);
    throw new UsageError(`Several sign-ins are waiting: say which with --request ID.\n${lines.join("\n")}`);
  }
  return all[0];
}

async function run(command: Exclude<Parsed, { usage: string }>, out: Output): Promise<number> {
  const [{ Authenticator, AuthenticatorError }, { FileStore, defaultStorePath }] = await Promise.all([
    import("../identity/factors/mobile-app/authenticator.ts"),
    import("./authenticator-store.ts"),
  ]);
  const storePath = command.store ?? defaultStorePath();
  const authenticator = new Authenticator({ store: new FileStore(storePath), extractableKeys: true });
  switch (command.sub) {
    case "init": {
      const link = command.argument as string;
      let device: StoredDevice | undefined;
      while (!device) {
        try {
          device = await authenticator.initialise(link, await pinOf(command));
        } catch (error) {
          // At the terminal a mistyped PIN is asked again (the code stays scanned); given by option, it is final.
          const askedAgain = command.pin === undefined && !process.env.OPENCPMS_AUTHENTICATOR_PIN && process.stdin.isTTY;
          if (!(askedAgain && error instanceof AuthenticatorError && error.field === "pin")) throw error;
          out.error(error.message);
        }
      }
      out.log(`Initialised “${device.deviceName}” for ${device.account.email} on ${device.server}.`);
      return 0;
    }
    case "list": {
      const devices = await authenticator.store.list();
      if (command.json) {
        for (const device of devices) {
          const { deviceId, deviceName, account, server, addedAt } = device;
          out.log(JSON.stringify({ deviceId, deviceName, account, server, addedAt }));
        }
        return 0;
      }
      if (devices.length === 0) out.log(`No device is kept in ${storePath}.`);
      for (const device of devices) out.log(`${device.deviceId}  ${describeDevice(device)} (added ${device.addedAt})`);
      return 0;
    }
    case "requests": {
      const all = await waiting(authenticator, await devicesOrRefuse(authenticator, storePath));
      if (command.json) {
        out.log(JSON.stringify(all.map(({ request, device }) => requestJson(request, device))));
        return 0;
      }
      if (all.length === 0) out.log("No sign-in is waiting for an answer.");
      for (const { request, device } of all) for (const line of describeRequest(request, device)) out.log(line);
      return 0;
    }
    case "approve": {
      const devices = await devicesOrRefuse(authenticator, storePath);
      const pin = await pinOf(command);
      const { request, device } = await chosen(authenticator, devices, command.request);
      await authenticator.answer(device, request, "approve", { number: command.number, pin });
      out.log(`Approved the sign-in to ${request.application} (${request.browser}, ${request.place}).`);
      return 0;
    }
    case "deny": {
      const { request, device } = await chosen(authenticator, await devicesOrRefuse(authenticator, storePath), command.request);
      await authenticator.answer(device, request, "deny");
      out.log(`Denied the sign-in to ${request.application} (${request.browser}, ${request.place}).`);
      return 0;
    }
    case "code": {
      const pin = await pinOf(command);
      const codes = await authenticator.codes(command.argument as string, pin);
      if (codes.length === 1) out.log(codes[0].code);
      else for (const { device, code } of codes) out.log(`${code}  ${describeDevice(device)}`);
      return 0;
    }
    case "listen": {
      const devices = await devicesOrRefuse(authenticator, storePath);
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      const seen = new Set<string>();
      if (!command.json) out.error(`Listening for sign-ins to ${devices.map(describeDevice).join(", ")}. Ctrl-C stops.`);
      try {
        await Promise.all(
          devices.map((device) =>
            authenticator.listen(
              device,
              (requests) => {
                for (const request of requests) {
                  if (seen.has(request.id)) continue;
                  seen.add(request.id);
                  if (command.json) out.log(JSON.stringify(requestJson(request, device)));
                  else for (const line of describeRequest(request, device)) out.log(line);
                }
              },
              controller.signal,
            ),
          ),
        );
      } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
      }
      return 0;
    }
    case "remove": {
      const device = (await authenticator.store.list()).find((one) => one.deviceId === command.argument);
      if (!device) throw new Refused(`No device ${command.argument} is kept in ${storePath}.`);
      await authenticator.store.remove(device.deviceId);
      out.log(`Forgot ${describeDevice(device)} here. It is still a device of the account: remove it in My Account → Manage my mobile devices.`);
      return 0;
    }
  }
}

export async function authenticatorCommand(args: string[], out: Output = CONSOLE): Promise<number> {
  const parsed = parse(args);
  if ("usage" in parsed) {
    out.error(parsed.usage ? `${parsed.usage}\n${AUTHENTICATOR_USAGE}` : AUTHENTICATOR_USAGE);
    return 2;
  }
  const [{ AuthenticatorError }, { StoreError }] = await Promise.all([
    import("../identity/factors/mobile-app/authenticator.ts"),
    import("./authenticator-store.ts"),
  ]);
  try {
    return await run(parsed, out);
  } catch (error) {
    if (error instanceof UsageError) {
      out.error(error.message);
      return 2;
    }
    if (error instanceof Refused || error instanceof AuthenticatorError || error instanceof StoreError) {
      out.error(error.message);
      return 1;
    }
    throw error;
  }
}
