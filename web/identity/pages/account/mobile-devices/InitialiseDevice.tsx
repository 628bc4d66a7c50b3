/*
 * The QR code of a device just added, with what to do on the phone, until
 * the app has initialised it: the page follows the device's status
 * (server-sent events, or the list every POLL_MS if the stream is refused)
 * and says at once when it is active, when its code expired ("Start
 * again") or when wrong PIN codes locked it. "Cancel" deletes the device
 * not yet initialised.
 */
import { Alert, Anchor, Button, Group, List, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../../ui/api.ts";
import { AppLinkCode } from "./AppLinkCode.tsx";
import { usePolling, useServerEvents } from "./server-events.ts";
import { TimeLeft } from "./TimeLeft.tsx";
import type { DeviceState, MobileDevice, NewDevice } from "./types.ts";

const POLL_MS = 3000;

export function InitialiseDevice({
  device,
  onActive,
  onStartAgain,
  onClose,
}: {
  device: NewDevice;
  onActive: () => void;
  onStartAgain: () => void;
  /** Back to the list, with a message or none. */
  onClose: (message: string | null) => void;
}) {
  const { t } = useTranslation();
  const [state, setState] = useState<DeviceState>("pending");
  const [isPolling, setPolling] = useState(false);
  const appUrl = `${new URL(device.link).origin}/app/`;

  const follow = (next: DeviceState) => {
    setState(next);
    if (next === "active") onActive();
    if (next === "deleted") onClose(null);
  };
  const isWaiting = state === "pending";
  useServerEvents<{ status: DeviceState }>(
    isWaiting && !isPolling ? `/api/account/mobile-devices/${device.id}/events` : null,
    "status",
    (data) => follow(data.status),
    (readyState) => readyState === EventSource.CLOSED && setPolling(true),
  );
  // A device no longer listed no longer waits: its code expired (or it was deleted elsewhere).
  usePolling<{ devices: MobileDevice[] }>(
    isWaiting && isPolling ? "/api/account/mobile-devices" : null,
    POLL_MS,
    ({ devices }) => follow(devices.find((listed) => listed.id === device.id)?.status ?? "expired"),
    () => undefined,
  );

  const cancel = async () => {
    await api(`/api/account/mobile-devices/${device.id}`, { method: "DELETE", body: {} }).catch(() => undefined);
    onClose(null);
  };

  if (state === "expired" || state === "locked") {
    return (
      <Stack>
        <Title order={3}>{t("mobileDevices.initialiseTitle", { name: device.name })}</Title>
        <Alert color="orange" role="alert">
          {t(state === "expired" ? "mobileDevices.initialiseExpired" : "mobileDevices.initialiseLocked")}
        </Alert>
        <Group>
          <Button onClick={onStartAgain}>{t("mobileDevices.startAgain")}</Button>
          <Button variant="default" onClick={() => onClose(null)}>
            {t("mobileDevices.backToList")}
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack>
      <Title order={3}>{t("mobileDevices.initialiseTitle", { name: device.name })}</Title>
      <List type="ordered" spacing="xs" size="sm">
        <List.Item>
          {t("mobileDevices.step1")}{" "}
          <Anchor href={appUrl} target="_blank" rel="noopener">
            {appUrl}
          </Anchor>
        </List.Item>
        <List.Item>{t("mobileDevices.step2")}</List.Item>
        <List.Item>{t("mobileDevices.step3")}</List.Item>
      </List>
      <AppLinkCode link={device.link} />
      <TimeLeft expiresAt={device.expiresAt} expired={t("mobileDevices.initialiseExpired")} />
      <Text size="sm" role="status">
        {t("mobileDevices.waiting")}
      </Text>
      <Group>
        <Button variant="default" onClick={cancel}>
          {t("mobileDevices.cancel")}
        </Button>
      </Group>
    </Stack>
  );
}
