/*
 * Who the user is in CPMS, for the frame (GET /api/me: 200 even without a
 * right, so the page can say why), and the Global Dashboard (GET
 * /api/dashboard: members only). Never cached.
 */
import { Unauthorized } from "../../platform/http/errors.ts";
import { currentUser } from "../../platform/http/oidc-sign-in.ts";
import type { Server } from "../../platform/http/server.ts";
import { membershipsOf, requireMember } from "../authorizations/memberships.ts";
import type { Dashboard, Me } from "./contract.ts";
import { globalDashboard } from "./global-dashboard.ts";

export async function dashboardRoutes(app: Server): Promise<void> {
  const { db } = app.context;

  app.get("/api/me", async (request, reply): Promise<Me> => {
    reply.header("cache-control", "no-store");
    const user = await currentUser(request);
    if (!user) throw new Unauthorized("Please log in to CPMS first.");
    const memberships = await membershipsOf(request, user);
    const { erns } = memberships.length ? await globalDashboard(db, { ...user, memberships }) : { erns: [] };
    return {
      user: { name: user.name, email: user.email, acr: user.acr },
      memberships,
      erns: erns.map(({ code, name, preferencesSet }) => ({ code, name, preferencesSet })),
    };
  });

  app.get("/api/dashboard", async (request, reply): Promise<Dashboard> => {
    reply.header("cache-control", "no-store");
    return globalDashboard(db, await requireMember(request));
  });
}
