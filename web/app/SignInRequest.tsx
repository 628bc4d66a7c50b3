/*
 * One sign-in waiting for this device: what is being signed in to, then
 * "Choose the number shown on your screen" (number matching, so a sign-in
 * the user did not start is not approved by reflex), the PIN and "Approve"
 * (or "Approve with fingerprint or face" where it is turned on); or "Deny". The service's refusals (wrong number, wrong PIN with the tries
 * left, locked device) are shown as it words them.
 */
import { type FormEvent, useState } from "react";
import type { StoredDevice } from "../../src/identity/factors/mobile-app/authenticator.ts";
import type { AppRequestView, Decision } from "../../src/identity/factors/mobile-app/protocol.ts";
import { authenticator, errorMessage } from "./authenticator.ts";
import { phoneBiometrics } from "./phone-biometrics.ts";
import { PinField } from "./PinField.tsx";

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function SignInRequest({ device, request, onAnswered }: { device: StoredDevice; request: AppRequestView; onAnswered: (decision: Decision) => void }) {
  const [number, setNumber] = useState<number>();
  const [pin, setPin] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  const answer = async (decision: Decision) => {
    setBusy(true);
    setError("");
    try {
      await authenticator.answer(device, request, decision, { number, pin });
      onAnswered(decision);
    } catch (failure) {
      setError(errorMessage(failure));
      setPin("");
    } finally {
      setBusy(false);
    }
  };
  const approve = (event: FormEvent) => {
    event.preventDefault();
    answer("approve");
  };
  const approveWithBiometrics = async () => {
    setBusy(true);
    setError("");
    try {
      await authenticator.approveWithBiometrics(device, request, number, phoneBiometrics);
      onAnswered("approve");
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="card request" aria-label={`Sign-in to ${request.application}`}>
      <h2>Sign-in waiting for your approval</h2>
      <dl>
        <dt>Application</dt>
        <dd>{request.application}</dd>
        <dt>Browser</dt>
        <dd>{request.browser}</dd>
        <dt>Place</dt>
        <dd>{request.place}</dd>
        <dt>Time</dt>
        <dd>{timeFormat.format(new Date(request.time))}</dd>
      </dl>
      <form onSubmit={approve} noValidate>
        <fieldset className="numbers">
          <legend>Choose the number shown on your screen</legend>
          {request.numbers.map((candidate) => (
            <button key={candidate} type="button" className="number" aria-pressed={number === candidate} onClick={() => setNumber(candidate)}>
              {candidate}
            </button>
          ))}
        </fieldset>
        <PinField value={pin} onChange={setPin} />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={busy || number === undefined || pin.length !== 4}>
            Approve
          </button>
          {device.biometrics && (
            <button type="button" className="secondary" disabled={busy || number === undefined} onClick={approveWithBiometrics}>
              Approve with fingerprint or face
            </button>
          )}
          <button type="button" className="danger" disabled={busy} onClick={() => answer("deny")}>
            Deny
          </button>
        </div>
      </form>
    </article>
  );
}
