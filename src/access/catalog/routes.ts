/*
 * The catalogue the wizard browses (contract.ts): applications, their
 * access profiles, the organisation tree.
 * - every route needs a signed-in user, checked before the input is read
 *   (signed out: 401, whatever the query);
 * - input is validated by schema: bad paging or codes are 400 with the field;
 * - reads only: nothing here changes anything.
 */
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Server } from "../../platform/http/server.ts";
import { requireUser } from "../session.ts";
import { listOrganisations } from "./organisations.ts";
import { listApplications, listProfiles } from "./profiles.ts";
import { ApplicationParams, OrganisationsQuery, ProfilesQuery } from "./schemas.ts";

export async function catalogRoutes(app: Server): Promise<void> {
  const { db } = app.context;

  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.addHook("preValidation", async (request) => {
      await requireUser(request);
    });

    scope.get("/api/applications", async () => ({ applications: await listApplications(db) }));

    scope.get("/api/applications/:id/profiles", { schema: { params: ApplicationParams, querystring: ProfilesQuery } }, async (request) => {
      const user = await requireUser(request);
      return listProfiles(db, { sub: user.sub, applicationId: request.params.id, providerId: request.query.provider });
    });

    scope.get("/api/organisations", { schema: { querystring: OrganisationsQuery } }, async (request) => {
      const user = await requireUser(request);
      const { application, ern, country, search, page, perPage } = request.query;
      return listOrganisations(db, { sub: user.sub, applicationId: application, ernCode: ern, countryCode: country, search, page, perPage });
    });
  });
}
