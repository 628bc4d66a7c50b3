/*
 * "Mobile App PIN Code": the browser shows a number and waits while the
 * user approves the sign-in in the OpenCPMS Authenticator, choosing that
 * number and typing the PIN. The outcome comes by server-sent events (or,
 * if the stream fails, by asking every POLL_MS). Once the phone has
 * answered, the answer is sent once: approved, the sign-in continues by
 * itself; denied, the server's message and "Sign in again"; expired,
 * "Send again" shows a new number. Status changes are announced.
 */
import { Alert, Button, Group, Stack, Text, VisuallyHidden } from "@mantine/core";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../../ui/api.ts";
import { useServerEvents, usePolling } from "../account/mobile-devices/server-events.ts";
import { TimeLeft } from "../account/mobile-devices/TimeLeft.tsx";
import type { StepProps } from "./types.ts";

const POLL_MS = 3000;

type RequestStatus = "pending" | "approved" | "denied" | "expired";
type Phase = { kind: "waiting" } | { kind: "completing" } | { kind: "expired" } | { kind: "refused"; message: string };

/** Back to the start of the sign-in (or of the confirmation): the page begins again. */
const startOver = () => window.location.reload();

export function MobileAppStep({ show: first, submit, resend }: StepProps) {
  const { t } = useTranslation();
  const [show, setShow] = useState(first);
  const [phase, setPhase] = useState<Phase>({ kind: "waiting" });
  const [isPolling, setPolling] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The request whose answer was sent: events repeat, and each call counts as an attempt.
  const answered = useRef<unknown>(null);

  const messageOf = (caught: unknown) => (caught instanceof ApiError ? caught.message : t("errors.generic"));

  const complete = async (status: RequestStatus) => {
    if (answered.current === show) return;
    answered.current = show;
    if (status === "approved") setPhase({ kind: "completing" });
    try {
      await submit({});
    } catch (caught) {
      setPhase(caught instanceof ApiError && caught.status === 410 ? { kind: "expired" } : { kind: "refused", message: messageOf(caught) });
    }
  };

  const follow = ({ status }: { status: RequestStatus }) => {
    if (status === "approved" || status === "denied") complete(status);
    else if (status === "expired") setPhase({ kind: "expired" });
  };

  const isWaiting = phase.kind === "waiting";
  useServerEvents(isWaiting && !isPolling ? "/api/sign-in/mobile-app/events" : null, "status", follow, () => setPolling(true));
  // The server's refusal (the sign-in expired…) ends the wait; a failed connection is asked again.
  usePolling(isWaiting && isPolling ? "/api/sign-in/mobile-app/status" : null, POLL_MS, follow, (caught) => {
    if (caught instanceof ApiError && caught.status < 500) setPhase({ kind: "refused", message: caught.message });
  });

  const sendAgain = async () => {
    setError(null);
    try {
      const next = await resend();
      setShow(next);
      setPolling(false);
      setPhase({ kind: "waiting" });
      setNotice(t("mobileApp.sentAgain"));
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  const status = { waiting: t("mobileApp.waiting"), completing: t("mobileApp.approved"), expired: t("mobileApp.expired"), refused: "" }[phase.kind];

  return (
    <Stack>
      <Text size="sm">{t("mobileApp.pinHint")}</Text>
      {notice && isWaiting && (
        <Alert color="blue" variant="light">
          {notice}
        </Alert>
      )}
      {isWaiting && (
        <Stack gap={0} align="center">
          <Text size="sm">{t("mobileApp.chooseNumber")}</Text>
          <Text fz={56} fw={700} lh={1.2} data-testid="mobile-app-number">
            {String(show.number ?? "")}
          </Text>
          {typeof show.expiresAt === "string" && <TimeLeft expiresAt={show.expiresAt} expired={t("mobileApp.expired")} />}
        </Stack>
      )}
      <Text size="sm" role="status">
        {status}
        {/* Announced with the status, so a new number after "Send again" is heard too. */}
        {isWaiting && <VisuallyHidden>{t("mobileApp.numberSpoken", { number: String(show.number ?? "") })}</VisuallyHidden>}
      </Text>
      {phase.kind === "refused" && (
        <Alert color="red" role="alert">
          {phase.message}
        </Alert>
      )}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group>
        {phase.kind === "expired" && <Button onClick={sendAgain}>{t("mobileApp.sendAgain")}</Button>}
        {phase.kind === "refused" ? (
          <Button onClick={startOver}>{t("mobileApp.signInAgain")}</Button>
        ) : (
          phase.kind !== "completing" && (
            <Button variant="default" onClick={startOver}>
              {t("mobileApp.cancel")}
            </Button>
          )
        )}
      </Group>
    </Stack>
  );
}
