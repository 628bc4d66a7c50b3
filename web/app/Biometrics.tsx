/*
 * "Use fingerprint or face": turns on approving sign-ins with the phone's
 * own verification in place of the PIN (the PIN confirms it is the owner),
 * or turns it off. Shown only where the phone offers it. The options are
 * asked for when the form opens, so the phone's prompt follows the tap on
 * "Turn on" at once (some browsers refuse a prompt that waited for the
 * network).
 */
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/browser";
import { type FormEvent, useEffect, useState } from "react";
import type { StoredDevice } from "../../src/identity/factors/mobile-app/authenticator.ts";
import { authenticator, errorMessage } from "./authenticator.ts";
import { PinField } from "./PinField.tsx";
import { canUseBiometrics, phoneBiometrics } from "./phone-biometrics.ts";

export function Biometrics({ device, onChange }: { device: StoredDevice; onChange: () => void }) {
  const [available, setAvailable] = useState(false);
  const [options, setOptions] = useState<PublicKeyCredentialCreationOptionsJSON>();
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
    setDone("");
    try {
      await act();
      setAsking(false);
      setOptions(undefined);
      setDone(message);
      onChange();
    } catch (failure) {
      setError(errorMessage(failure));
      // A new challenge for the next try: the last one may be used up or expired.
      if (asking) authenticator.biometricsOptions(device).then(setOptions, () => setOptions(undefined));
    } finally {
      setPin("");
      setBusy(false);
    }
  };
  const open = async () => {
    setBusy(true);
    setError("");
    setDone("");
    try {
      setOptions(await authenticator.biometricsOptions(device));
      setAsking(true);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  const cancel = () => {
    setAsking(false);
    setOptions(undefined);
    setPin("");
    setError("");
  };
  const turnOn = (event: FormEvent) => {
    event.preventDefault();
    run(() => authenticator.enableBiometrics(device, pin, phoneBiometrics, options), "Fingerprint or face is turned on.");
  };

  if (!available && !device.biometrics) return null;
  return (
    <div className="biometrics">
      <p role="status">{done}</p>
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
            <button type="button" className="secondary" disabled={busy} onClick={cancel}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="secondary" disabled={busy} onClick={open}>
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
