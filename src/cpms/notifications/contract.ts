/*
 * The notifications API (types only), for the bell in CPMS's header.
 *   GET  /api/notifications?unread=true&page= → NotificationList (the user's own, newest first)
 *   POST /api/notifications/read { ids?: string[], all?: boolean } → { unread: number }
 */
export type NotificationView = {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string;
  urgent: boolean;
  createdAt: string;
  readAt: string | null;
};

export type NotificationList = { rows: NotificationView[]; unread: number; total: number; page: number; perPage: number };
