/*
 * "My Preferences" per ERN (professional role, thematic areas) and the ERNs'
 * thematic areas:
 * - GET/PUT /api/erns/:ern/preferences: any member of that ERN, for
 *   themselves; another ERN is refused (403) and nothing is saved;
 * - GET /api/erns/:ern/thematic-areas: members of the ERN (with retired
 *   areas for its coordinators); POST (add), PATCH /:id (rename), POST
 *   /:id/retire: the ERN's coordinators only (Coordinator profile there).
 */
import type { FastifyRequest } from "fastify";
import { Forbidden } from "../../platform/http/errors.ts";
import type { Server } from "../../platform/http/server.ts";
import { type CpmsUser, ernsOf, isCoordinatorOf, requireMember } from "../authorizations/memberships.ts";
import type { PreferencesView, ThematicAreasView } from "./contract.ts";
import { preferencesOf, savePreferences } from "./my-preferences.ts";
import { AreaNameBody, AreaParams, AreasQuery, ErnParams, PreferencesBody } from "./schemas.ts";
import { addArea, areasOf, renameArea, retireArea } from "./thematic-areas.ts";

const writes = { rateLimit: { max: 60, timeWindow: 60_000 } };

function originOf(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers["user-agent"] };
}

/** The ERN, when the user is a member of it. */
function memberErn(user: CpmsUser, ernCode: string): { code: string; name: string } {
  const ern = ernsOf(user).find((candidate) => candidate.code === ernCode);
  if (!ern) throw new Forbidden(`You are not a member of ${ernCode} in CPMS: preferences are set in the ERNs where you hold a CPMS right.`);
  return ern;
}

function coordinatedErn(user: CpmsUser, ernCode: string): { code: string; name: string } {
  const ern = memberErn(user, ernCode);
  if (!isCoordinatorOf(user, ernCode)) throw new Forbidden(`Only the coordinators of ${ernCode} maintain its thematic areas.`);
  return ern;
}

export async function preferencesRoutes(app: Server): Promise<void> {
  const { db } = app.context;

  app.get("/api/erns/:ern/preferences", { schema: { params: ErnParams } }, async (request, reply): Promise<PreferencesView> => {
    const user = await requireMember(request);
    const ern = memberErn(user, request.params.ern);
    reply.header("cache-control", "no-store");
    const [areas, preferences] = await Promise.all([areasOf(db, ern.code), preferencesOf(db, user.sub, ern.code)]);
    return { ern, user: { name: user.name }, areas, preferences };
  });

  app.put("/api/erns/:ern/preferences", { schema: { params: ErnParams, body: PreferencesBody }, config: writes }, async (request) => {
    const user = await requireMember(request);
    const ern = memberErn(user, request.params.ern);
    const preferences = await db.transaction((tx) => savePreferences(tx, originOf(request), user, ern.code, request.body));
    return { preferences, message: `Your preferences in ${ern.code} are saved.` };
  });

  app.get("/api/erns/:ern/thematic-areas", { schema: { params: ErnParams, querystring: AreasQuery } }, async (request): Promise<ThematicAreasView> => {
    const user = await requireMember(request);
    const ern = memberErn(user, request.params.ern);
    const canMaintain = isCoordinatorOf(user, ern.code);
    const areas = await areasOf(db, ern.code, { includeRetired: canMaintain && request.query.includeRetired !== false });
    return { ern, canMaintain, areas };
  });

  app.post("/api/erns/:ern/thematic-areas", { schema: { params: ErnParams, body: AreaNameBody }, config: writes }, async (request, reply) => {
    const user = await requireMember(request);
    const ern = coordinatedErn(user, request.params.ern);
    const area = await db.transaction((tx) => addArea(tx, originOf(request), user, ern.code, request.body.name));
    return reply.status(201).send({ area, message: `"${area.name}" is added to the thematic areas of ${ern.code}.` });
  });

  app.patch("/api/erns/:ern/thematic-areas/:id", { schema: { params: AreaParams, body: AreaNameBody }, config: writes }, async (request) => {
    const user = await requireMember(request);
    const ern = coordinatedErn(user, request.params.ern);
    const area = await db.transaction((tx) => renameArea(tx, originOf(request), user, ern.code, request.params.id, request.body.name));
    return { area, message: `The thematic area is renamed "${area.name}".` };
  });

  app.post("/api/erns/:ern/thematic-areas/:id/retire", { schema: { params: AreaParams }, config: writes }, async (request) => {
    const user = await requireMember(request);
    const ern = coordinatedErn(user, request.params.ern);
    const area = await db.transaction((tx) => retireArea(tx, originOf(request), user, ern.code, request.params.id));
    return { area, message: `"${area.name}" is retired: it is no longer offered in preferences.` };
  });
}
