/*
 * "Manage my mobile devices": the phones and tablets with the OpenCPMS
 * Authenticator that sign in with "Mobile App PIN Code" and "Mobile App QR
 * Code". "Add a mobile device" (a name and a PIN), then its QR code until
 * the app has initialised it; rename one in place; delete one (warned when
 * it is the last second method). Adding and deleting may ask for the
 * password again first.
 */
import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../ui/api.ts";
import { AccountFrame } from "./AccountFrame.tsx";
import { AddDeviceForm } from "./mobile-devices/AddDeviceForm.tsx";
import { DeviceRow } from "./mobile-devices/DeviceRow.tsx";
import { InitialiseDevice } from "./mobile-devices/InitialiseDevice.tsx";
import type { MobileDevice, NewDevice } from "./mobile-devices/types.ts";
import { useProtectedAction } from "./Reauthenticate.tsx";
import { RemoveFactorDialog } from "./RemoveFactorDialog.tsx";

type View = { kind: "list" } | { kind: "add" } | { kind: "initialise"; device: NewDevice };

const QUERY_KEY = ["account", "mobile-devices"];

export function MobileDevicesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { run, dialog } = useProtectedAction();
  const devices = useQuery({ queryKey: QUERY_KEY, queryFn: () => api<{ devices: MobileDevice[] }>("/api/account/mobile-devices") });
  const [view, setView] = useState<View>({ kind: "list" });
  const [notice, setNotice] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<MobileDevice | null>(null);

  const backToList = async (message: string | null) => {
    await queryClient.invalidateQueries({ queryKey: QUERY_KEY });
    setNotice(message);
    setView({ kind: "list" });
  };

  return (
    <AccountFrame title={t("account.mobileDevices")}>
      {dialog}
      {view.kind === "add" && <AddDeviceForm run={run} onAdded={(device) => setView({ kind: "initialise", device })} onCancel={() => backToList(null)} />}
      {view.kind === "initialise" && (
        <InitialiseDevice
          device={view.device}
          onActive={() => backToList(t("mobileDevices.added", { name: view.device.name }))}
          onStartAgain={() => setView({ kind: "add" })}
          onClose={backToList}
        />
      )}
      {view.kind === "list" && (
        <Stack>
          {notice && (
            <Alert color="green" role="status">
              {notice}
            </Alert>
          )}
          <Text size="sm">{t("mobileDevices.intro")}</Text>
          {devices.data?.devices.length === 0 && <Text>{t("mobileDevices.none")}</Text>}
          <Stack gap="xs">
            {devices.data?.devices.map((device) => (
              <DeviceRow key={device.id} device={device} onRenamed={backToList} onDelete={() => setDeleting(device)} />
            ))}
          </Stack>
          <Group>
            <Button
              onClick={() => {
                setNotice(null);
                setView({ kind: "add" });
              }}
            >
              {t("mobileDevices.add")}
            </Button>
          </Group>
        </Stack>
      )}
      {deleting && (
        <RemoveFactorDialog
          url={`/api/account/mobile-devices/${deleting.id}`}
          texts={{
            title: t("mobileDevices.deleteTitle"),
            question: t("mobileDevices.deleteConfirm", { name: deleting.name }),
            remove: t("mobileDevices.delete"),
            removeAnyway: t("mobileDevices.deleteAnyway"),
            cancel: t("mobileDevices.cancel"),
          }}
          run={run}
          onClose={() => setDeleting(null)}
          onRemoved={(message) => {
            setDeleting(null);
            backToList(message);
          }}
        />
      )}
    </AccountFrame>
  );
}
