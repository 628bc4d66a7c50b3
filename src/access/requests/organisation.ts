/*
 * The organisation of a request must be a healthcare provider. Choosing
 * only an ERN or a country is the mistake the user guide's FAQ warns about
 * (the request would be denied): it is refused on the field "organisation"
 * with what was selected and what to do instead.
 */
import { and, eq } from "drizzle-orm";
import type { OrganisationRef } from "../contract.ts";
import type { Db } from "../../platform/db/database.ts";
import { InvalidField } from "../../platform/http/errors.ts";
import { countries, erns, providers } from "../catalog/tables.ts";
import { isUuid } from "./views.ts";

export type ChosenProvider = {
  id: string;
  code: string;
  name: string;
  ernCode: string;
  ernName: string;
  countryCode: string;
  countryName: string;
};

/** "EURACAN - Adult Cancers", as the wizard shows an ERN. */
export const ernLabel = (ern: { code: string; name: string }) => `${ern.code} - ${ern.name}`;

const NO_SUCH_ORGANISATION = "This organisation is not in the list any more. Go back to Step 2 and select your healthcare provider.";

export async function resolveProvider(db: Db, organisation: OrganisationRef): Promise<ChosenProvider> {
  if (organisation.kind === "ern") {
    const [ern] = await db.select().from(erns).where(eq(erns.code, organisation.id));
    if (!ern) throw new InvalidField("organisation", NO_SUCH_ORGANISATION);
    throw new InvalidField(
      "organisation",
      `You selected the ERN “${ernLabel(ern)}”, not your healthcare provider. Go back to Step 2, press “Open” next to it, then “Open” next to your country, and select your centre (or “0000 Guest Access”).`,
    );
  }
  if (organisation.kind === "country") {
    const [ernCode, countryCode] = organisation.id.split("/");
    const [row] = await db
      .select({ code: erns.code, name: erns.name, countryName: countries.name })
      .from(erns)
      .innerJoin(countries, eq(countries.code, countryCode ?? ""))
      .where(eq(erns.code, ernCode));
    if (!row) throw new InvalidField("organisation", NO_SUCH_ORGANISATION);
    throw new InvalidField(
      "organisation",
      `You selected the country “${row.countryName}” in “${ernLabel(row)}”, not your healthcare provider. Go back to Step 2, press “Open” next to “${row.countryName}”, and select your centre (or “0000 Guest Access”).`,
    );
  }
  if (!isUuid(organisation.id)) throw new InvalidField("organisation", NO_SUCH_ORGANISATION);
  const [row] = await db
    .select({
      id: providers.id,
      code: providers.code,
      name: providers.name,
      ernCode: providers.ernCode,
      ernName: erns.name,
      countryCode: providers.countryCode,
      countryName: countries.name,
    })
    .from(providers)
    .innerJoin(erns, eq(erns.code, providers.ernCode))
    .innerJoin(countries, eq(countries.code, providers.countryCode))
    .where(and(eq(providers.id, organisation.id)));
  if (!row) throw new InvalidField("organisation", NO_SUCH_ORGANISATION);
  return row;
}
