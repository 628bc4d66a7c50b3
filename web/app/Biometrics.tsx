/*
 * "Use fingerprint or face": turns on approving sign-ins with the phone's
 * own verification in place of the PIN (the PIN confirms it is the owner),
 * or turns it off. Shown only where the phone offers it.
 */
import { type FormEvent, useEffect, useState } from "react";
import type { StoredDevice } from "../../src/identity/factors/mobile-app/authenticator.ts";
import { authenticator, errorMessage } from "./authenticator.ts";
import { canUseBiometrics, phoneBiometrics } from "./phone-biometrics.ts";
import { PinField } from "./PinField.tsx";

export function Biometrics({ device, onChange }: { device: StoredDevice; onChange: () => void }) {
  const [available, setAvailable] = useState(false);
  const [asking, setAsking] = useState(false);
  const [pin, setPin] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [done, setDone] = useState("");

  useEffect(() => {
    canUseBiometrics().then(setAvailable);
  }, []);

  const run = async (act: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setError("");
    try {
      await act();
      setAsking(false);
      setDone(message);
      onChange();
    } catch (failure) {
      setError(errorMessage(failure));
      setPin("");
    } finally {
      setBusy(false);
    }
  };
  const turnOn = (event: FormEvent) => {
    event.preventDefault();
    run(() => authenticator.enableBiometrics(device, pin, phoneBiometrics), "Fingerprint or face is turned on.");
  };

  if (!available && !device.biometrics) return null;
  return (
    <div className="biometrics">
      {done && <p role="status">{done}</p>}
      {device.biometrics ? (
        <p>
          Sign-ins can be approved with your fingerprint or face.{" "}
          <button
            type="button"
            className="link"
            disabled={busy}
            onClick={() => run(() => authenticator.disableBiometrics(device), "Fingerprint or face is turned off.")}
          >
            Turn off fingerprint or face
          </button>
        </p>
      ) : asking ? (
        <form onSubmit={turnOn} noValidate>
          <PinField value={pin} onChange={setPin} label="Confirm with your PIN code" />
          <div className="actions">
            <button type="submit" disabled={busy || pin.length !== 4}>
              Turn on
            </button>
            <button type="button" className="secondary" onClick={() => setAsking(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="secondary" onClick={() => setAsking(true)}>
          Use fingerprint or face
        </button>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
