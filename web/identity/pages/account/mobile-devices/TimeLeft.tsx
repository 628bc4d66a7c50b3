/*
 * How long a QR code or a request shown to the user stays valid, counted
 * down each second from the server's `expiresAt`; once it is over, the
 * caller's message says what to do. The count itself is not announced
 * (a screen reader would read it every second).
 */
import { Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

export function useSecondsLeft(expiresAt: string): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, Math.ceil((Date.parse(expiresAt) - now) / 1000));
}

export function TimeLeft({ expiresAt, expired }: { expiresAt: string; expired: string }) {
  const { t } = useTranslation();
  const left = useSecondsLeft(expiresAt);
  if (left === 0)
    return (
      <Text size="sm" c="orange.8" fw={600}>
        {expired}
      </Text>
    );
  const time = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
  return (
    <Text size="sm" c="dimmed" data-testid="time-left">
      {t("mobileApp.timeLeft", { time })}
    </Text>
  );
}
