/*
 * The bell in CPMS's header: the number of unread notifications (its
 * accessible name says it: "Notifications, 3 unread"), and a popover with
 * the newest ones — title, time, urgent marked, unread in bold; each is a
 * link into CPMS that marks it read; "Mark all as read"; older ones a page
 * at a time. Polled every 30 seconds, so a new invitation shows without
 * reloading the page.
 */
import { ActionIcon, Anchor, Badge, Button, Group, Indicator, Popover, Stack, Text } from "@mantine/core";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { NotificationList, NotificationView } from "../../../src/cpms/notifications/contract.ts";
import { api } from "../../ui/api.ts";
import { formatDateTime } from "../patients/format.ts";

const POLL_MS = 30_000;
export const notificationsKey = ["notifications"] as const;

function BellIcon() {
  return (
    <svg
      width="20"
      height="20"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
      <path d="M13.73 21a2 2 0 0 1-3.46 0" />
    </svg>
  );
}

function Item({ notification, onOpen }: { notification: NotificationView; onOpen: (notification: NotificationView) => void }) {
  const { t } = useTranslation();
  const unread = notification.readAt === null;
  return (
    <Stack gap={2} component="li" style={{ listStyle: "none" }}>
      <Group gap="xs" wrap="nowrap">
        {notification.urgent && (
          <Badge size="xs" color="red" variant="filled">
            {t("notifications.urgent")}
          </Badge>
        )}
        <Anchor component={Link} to={notification.link} size="sm" fw={unread ? 700 : 400} onClick={() => onOpen(notification)}>
          {notification.title}
        </Anchor>
      </Group>
      <Text size="xs" c="dimmed">
        {formatDateTime(notification.createdAt)}
        {unread ? ` · ${t("notifications.unread")}` : ""}
      </Text>
    </Stack>
  );
}

export function NotificationBell() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const list = useInfiniteQuery({
    queryKey: notificationsKey,
    queryFn: ({ pageParam }) => api<NotificationList>(`/api/notifications?page=${pageParam}`),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.perPage < last.total ? last.page + 1 : undefined),
    refetchInterval: POLL_MS,
  });
  const markRead = async (body: { ids: string[] } | { all: true }) => {
    await api<{ unread: number }>("/api/notifications/read", { body }).catch(() => undefined);
    await queryClient.invalidateQueries({ queryKey: notificationsKey });
  };
  const open = (notification: NotificationView) => {
    setOpened(false);
    if (notification.readAt === null) void markRead({ ids: [notification.id] });
  };
  const unread = list.data?.pages[0]?.unread ?? 0;
  // A notification arriving between two pages shifts the next one: each is listed once.
  const rows = [...new Map((list.data?.pages ?? []).flatMap((page) => page.rows).map((row) => [row.id, row] as const)).values()];
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={380} shadow="md" withinPortal>
      <Popover.Target>
        <Indicator label={unread > 99 ? "99+" : unread} size={16} color="red" disabled={unread === 0} offset={4}>
          <ActionIcon variant="subtle" size="lg" aria-label={t("notifications.bell", { count: unread })} onClick={() => setOpened((current) => !current)}>
            <BellIcon />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm" role="region" aria-label={t("notifications.title")}>
          <Group justify="space-between">
            <Text fw={600}>{t("notifications.title")}</Text>
            {unread > 0 && (
              <Button size="compact-xs" variant="subtle" onClick={() => void markRead({ all: true })}>
                {t("notifications.markAll")}
              </Button>
            )}
          </Group>
          {list.isError && (
            <Text size="sm" c="red">
              {list.error.message}
            </Text>
          )}
          {list.isSuccess && rows.length === 0 && (
            <Text size="sm" c="dimmed">
              {t("notifications.none")}
            </Text>
          )}
          {rows.length > 0 && (
            <Stack gap="sm" component="ul" m={0} p={0} mah={420} style={{ overflowY: "auto" }}>
              {rows.map((notification) => (
                <Item key={notification.id} notification={notification} onOpen={open} />
              ))}
            </Stack>
          )}
          {list.hasNextPage && (
            <Button size="compact-sm" variant="subtle" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {t("notifications.older")}
            </Button>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
