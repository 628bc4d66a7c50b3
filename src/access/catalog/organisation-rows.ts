/*
 * How the wizard's organisation table shows each kind of row: its label,
 * where it sits, whether it opens, and what "Details" tells
 * ("(request submitted)" is marked by organisations.ts).
 */
import type { OrganisationRow } from "../contract.ts";

export type ErnRecord = { code: string; name: string; website: string | null };
export type CountryRecord = { code: string; name: string };
export type ProviderRecord = {
  id: string;
  code: string;
  name: string;
  city: string | null;
  website: string | null;
  isGuest: boolean;
  ern: ErnRecord;
  country: CountryRecord;
};

export const ernLabel = (ern: { code: string; name: string }) => `${ern.code} - ${ern.name}`;
export const countryId = (ernCode: string, countryCode: string) => `${ernCode}/${countryCode}`;

const plural = (n: number) => `${n} healthcare provider${n === 1 ? "" : "s"}`;

export function ernRow(ern: ErnRecord, providerCount: number): OrganisationRow {
  const details = [
    { label: "ERN", value: ernLabel(ern) },
    { label: "Full name", value: ern.name },
    ...(ern.website ? [{ label: "Website", value: ern.website }] : []),
    { label: "Members", value: `${plural(providerCount)}, and Guest Access in every country` },
  ];
  return { kind: "ern", id: ern.code, label: ernLabel(ern), path: "", ernCode: ern.code, countryCode: null, details, requestSubmitted: false, canOpen: true };
}

export function countryRow(ern: ErnRecord, country: CountryRecord, providerCount: number): OrganisationRow {
  const details = [
    { label: "Country", value: `${country.name} (${country.code})` },
    { label: "ERN", value: ernLabel(ern) },
    { label: `Members of ${ern.code} here`, value: providerCount ? plural(providerCount) : "none yet: use Guest Access" },
  ];
  return {
    kind: "country",
    id: countryId(ern.code, country.code),
    label: country.name,
    path: ernLabel(ern),
    ernCode: ern.code,
    countryCode: country.code,
    details,
    requestSubmitted: false,
    canOpen: true,
  };
}

export function providerRow(provider: ProviderRecord): OrganisationRow {
  const details = [
    { label: "Code", value: provider.code },
    { label: "Name", value: provider.name },
    ...(provider.city ? [{ label: "City", value: provider.city }] : []),
    ...(provider.website ? [{ label: "Website", value: provider.website }] : []),
    { label: "ERN", value: ernLabel(provider.ern) },
    { label: "Country", value: provider.country.name },
    ...(provider.isGuest
      ? [{ label: "For whom", value: `Healthcare professionals whose centre is not a member of ${provider.ern.code}, when specifically required` }]
      : []),
  ];
  return {
    kind: "provider",
    id: provider.id,
    // As the seeds write it: "0000 Guest Access", "FR01 - Institut …".
    label: provider.isGuest ? `${provider.code} ${provider.name}` : `${provider.code} - ${provider.name}`,
    path: `${ernLabel(provider.ern)} / ${provider.country.name}`,
    ernCode: provider.ern.code,
    countryCode: provider.country.code,
    details,
    requestSubmitted: false,
    canOpen: false,
  };
}
