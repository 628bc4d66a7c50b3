/*
 * The sign-ins waiting for one device: read at once, again whenever the app
 * comes back to the foreground, and pushed by the service (server-sent
 * events) while the app is open. A device the service refuses (deleted,
 * locked) shows the service's words on what to do, and can be removed from
 * this app.
 */
import { useCallback, useEffect, useState } from "react";
import { AuthenticatorError, type StoredDevice } from "../../src/identity/factors/mobile-app/authenticator.ts";
import type { AppRequestView, Decision } from "../../src/identity/factors/mobile-app/protocol.ts";
import { authenticator, errorMessage } from "./authenticator.ts";
import { SignInRequest } from "./SignInRequest.tsx";

export function DeviceRequests({ device, onForget }: { device: StoredDevice; onForget: () => void }) {
  const [requests, setRequests] = useState<AppRequestView[]>([]);
  const [problem, setProblem] = useState<{ message: string; refused: boolean }>();
  const [outcome, setOutcome] = useState("");

  const fail = useCallback((error: unknown) => {
    // Unknown or deleted (401) and locked (423) devices stay refused; anything else may pass on the next try.
    const refused = error instanceof AuthenticatorError && (error.status === 401 || error.status === 423);
    setProblem({ message: errorMessage(error), refused });
  }, []);
  const refresh = useCallback(() => {
    authenticator.requests(device).then((waiting) => {
      setRequests(waiting);
      setProblem(undefined);
    }, fail);
  }, [device, fail]);

  useEffect(() => {
    const stop = new AbortController();
    refresh();
    authenticator
      .listen(
        device,
        (waiting) => {
          setRequests(waiting);
          setProblem(undefined);
        },
        stop.signal,
      )
      .catch(fail);
    const onVisible = () => {
      if (document.visibilityState === "visible") refresh();
    };
    window.addEventListener("focus", refresh);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stop.abort();
      window.removeEventListener("focus", refresh);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [device, refresh, fail]);

  const answered = (request: AppRequestView) => (decision: Decision) => {
    setRequests((waiting) => waiting.filter((candidate) => candidate.id !== request.id));
    setOutcome(decision === "approve" ? "Sign-in approved. Your computer continues by itself." : "Sign-in denied. Nobody is signed in with it.");
  };

  return (
    <div className="requests">
      {outcome && (
        <p className="success" role="status">
          {outcome}
        </p>
      )}
      {problem && (
        <div className="error" role="alert">
          <p>{problem.message}</p>
          {problem.refused && (
            <button type="button" className="secondary" onClick={onForget}>
              Remove “{device.deviceName}” from this app
            </button>
          )}
        </div>
      )}
      {requests.map((request) => (
        <SignInRequest key={request.id} device={device} request={request} onAnswered={answered(request)} />
      ))}
      {!requests.length && !problem && <p className="hint">No sign-in is waiting for your approval.</p>}
    </div>
  );
}
