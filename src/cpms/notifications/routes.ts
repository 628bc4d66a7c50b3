/*
 * The notifications API (contract.ts): a signed-in CPMS member lists their
 * own notifications, newest first, 20 a page, with the count of unread
 * ones, and marks some or all of them read. Only the user's own rows are
 * ever read or changed: ids of other people's notifications are ignored.
 */
import { and, count, desc, eq, inArray, isNull } from "drizzle-orm";
import { type Static, Type } from "typebox";
import type { Db } from "../../platform/db/database.ts";
import { InvalidField } from "../../platform/http/errors.ts";
import type { Server } from "../../platform/http/server.ts";
import { requireMember } from "../authorizations/memberships.ts";
import type { NotificationList, NotificationView } from "./contract.ts";
import { notifications } from "./tables.ts";

const UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
export const PER_PAGE = 20;

const ListQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean({ errorMessage: "Say unread=true for the unread notifications only." })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, errorMessage: "Pages are numbered from 1." })),
  },
  { additionalProperties: false },
);

const ReadBody = Type.Object(
  {
    ids: Type.Optional(
      Type.Array(Type.String({ pattern: UUID_PATTERN, errorMessage: "Name notifications by their ids." }), {
        maxItems: 200,
        errorMessage: "Mark at most 200 notifications at once.",
      }),
    ),
    all: Type.Optional(Type.Boolean({ errorMessage: "Say all: true to mark every notification read." })),
  },
  { additionalProperties: false },
);

function notificationView(row: typeof notifications.$inferSelect): NotificationView {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    urgent: row.urgent,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

async function unreadCount(db: Db, sub: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.sub, sub), isNull(notifications.readAt)));
  return row.n;
}

export async function listNotifications(db: Db, sub: string, query: Static<typeof ListQuery>): Promise<NotificationList> {
  const page = query.page ?? 1;
  const mine = query.unread ? and(eq(notifications.sub, sub), isNull(notifications.readAt)) : eq(notifications.sub, sub);
  const rows = await db
    .select()
    .from(notifications)
    .where(mine)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(PER_PAGE)
    .offset((page - 1) * PER_PAGE);
  const [{ total }] = await db.select({ total: count() }).from(notifications).where(mine);
  return { rows: rows.map(notificationView), unread: await unreadCount(db, sub), total, page, perPage: PER_PAGE };
}

export async function markRead(db: Db, sub: string, body: Static<typeof ReadBody>): Promise<{ unread: number }> {
  const ids = [...new Set((body.ids ?? []).map((id) => id.toLowerCase()))];
  if (!body.all && ids.length === 0) throw new InvalidField("ids", "Name the notifications to mark read, or say all: true.");
  const unreadMine = and(eq(notifications.sub, sub), isNull(notifications.readAt));
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(body.all ? unreadMine : and(unreadMine, inArray(notifications.id, ids)));
  return { unread: await unreadCount(db, sub) };
}

export async function notificationRoutes(app: Server): Promise<void> {
  const { db } = app.context;

  app.get("/api/notifications", { schema: { querystring: ListQuery } }, async (request) => {
    const user = await requireMember(request);
    return listNotifications(db, user.sub, request.query);
  });

  app.post("/api/notifications/read", { schema: { body: ReadBody }, config: { rateLimit: { max: 120, timeWindow: 60_000 } } }, async (request) => {
    const user = await requireMember(request);
    return db.transaction((tx) => markRead(tx, user.sub, request.body));
  });
}
