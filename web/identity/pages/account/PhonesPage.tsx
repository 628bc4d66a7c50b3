/*
 * "Manage my mobile phone numbers", as the seed guide shows it: the list,
 * "Add a mobile phone number" (the number, then the "Text message challenge
 * code" and "Finalise"), "Delete a mobile phone number". Changes ask for the
 * password again when the sign-in is not recent.
 */
import { Alert, Badge, Button, Group, Stack, Table, Text } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../ui/api.ts";
import { AccountFrame } from "./AccountFrame.tsx";
import { AddPhoneForm } from "./phones/AddPhoneForm.tsx";
import { ChallengeCodeForm } from "./phones/ChallengeCodeForm.tsx";
import { RemoveFactorDialog } from "./RemoveFactorDialog.tsx";
import type { Phone } from "./phones/types.ts";
import { useProtectedAction } from "./Reauthenticate.tsx";

type View = { kind: "list" } | { kind: "add" } | { kind: "code"; phone: Phone };

export function PhonesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { run, dialog } = useProtectedAction();
  const phones = useQuery({ queryKey: ["account", "phones"], queryFn: () => api<{ phones: Phone[] }>("/api/account/phones") });
  const [view, setView] = useState<View>({ kind: "list" });
  const [notice, setNotice] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Phone | null>(null);

  const backToList = async (message: string | null) => {
    await queryClient.invalidateQueries({ queryKey: ["account", "phones"] });
    setNotice(message);
    setView({ kind: "list" });
  };

  return (
    <AccountFrame title={t("phones.title")}>
      {dialog}
      {view.kind === "add" && <AddPhoneForm run={run} onAdded={(phone) => setView({ kind: "code", phone })} onCancel={() => backToList(null)} />}
      {view.kind === "code" && (
        <ChallengeCodeForm phone={view.phone} run={run} onVerified={(message) => backToList(message)} onCancel={() => backToList(null)} />
      )}
      {view.kind === "list" && (
        <Stack>
          {notice && (
            <Alert color="green" role="status">
              {notice}
            </Alert>
          )}
          <Text size="sm">{t("phones.intro")}</Text>
          {phones.data?.phones.length === 0 && <Text>{t("phones.none")}</Text>}
          {!!phones.data?.phones.length && (
            <Table>
              <Table.Tbody>
                {phones.data.phones.map((phone) => (
                  <Table.Tr key={phone.id}>
                    <Table.Td>
                      <Text fw={600}>{phone.number}</Text>
                      {!phone.isVerified && (
                        <Badge color="gray" variant="light">
                          {t("phones.waiting")}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group justify="flex-end" gap="xs">
                        {!phone.isVerified && (
                          <Button size="xs" variant="light" onClick={() => setView({ kind: "code", phone })}>
                            {t("phones.enterCode")}
                          </Button>
                        )}
                        <Button size="xs" variant="default" aria-label={t("phones.deleteLabel", { number: phone.number })} onClick={() => setDeleting(phone)}>
                          {t("phones.delete")}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Group>
            <Button
              onClick={() => {
                setNotice(null);
                setView({ kind: "add" });
              }}
            >
              {t("phones.add")}
            </Button>
          </Group>
        </Stack>
      )}
      {deleting && (
        <RemoveFactorDialog
          url={`/api/account/phones/${deleting.id}`}
          texts={{
            title: t("phones.deleteTitle"),
            question: t("phones.deleteConfirm", { number: deleting.number }),
            remove: t("phones.delete"),
            removeAnyway: t("phones.removeAnyway"),
            cancel: t("phones.cancel"),
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
