/*
 * "Initialise": scan (or paste) the QR code shown by My Account → Manage my
 * mobile devices → Add a mobile device, enter the PIN chosen there and
 * "Authenticate". The app makes its key pair and keeps the device secret;
 * My Account confirms by itself.
 */
import { type FormEvent, useState } from "react";
import type { StoredDevice } from "../../src/identity/factors/mobile-app/authenticator.ts";
import { authenticator, errorMessage } from "./authenticator.ts";
import { PinField } from "./PinField.tsx";
import { Scanner } from "./Scanner.tsx";

export function Initialise({ link: scanned, onDone, onCancel }: { link?: string; onDone: () => void; onCancel: () => void }) {
  const [link, setLink] = useState(scanned ?? "");
  const [pin, setPin] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [device, setDevice] = useState<StoredDevice>();

  const authenticate = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError("");
    try {
      setDevice(await authenticator.initialise(link, pin));
    } catch (failure) {
      setError(errorMessage(failure));
      setPin("");
    } finally {
      setBusy(false);
    }
  };

  if (device)
    return (
      <section className="card" aria-labelledby="registered">
        <h1 id="registered">Your device is registered</h1>
        <p role="status">
          “{device.deviceName}” is now linked to the OpenCPMS Login account of {device.account.name} ({device.account.email}). You can use it to sign in with
          “Mobile App PIN Code” or “Mobile App QR Code”.
        </p>
        <button type="button" onClick={onDone}>
          Continue
        </button>
      </section>
    );

  if (!link)
    return (
      <section className="card" aria-labelledby="scan-init">
        <h1 id="scan-init">Scan the QR code</h1>
        <Scanner kind="init" onLink={setLink} />
        <button type="button" className="link" onClick={onCancel}>
          Cancel
        </button>
      </section>
    );

  return (
    <section className="card" aria-labelledby="pin-init">
      <h1 id="pin-init">Enter your PIN code</h1>
      <p>The 4-digit PIN code you chose when you added this device in My Account.</p>
      <form onSubmit={authenticate} noValidate>
        <PinField value={pin} onChange={setPin} />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || pin.length !== 4}>
          Authenticate
        </button>
      </form>
      <button type="button" className="link" onClick={onCancel}>
        Cancel
      </button>
    </section>
  );
}
