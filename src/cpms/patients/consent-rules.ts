/*
 * What every consent obeys: signed on a real day, not in the future; and the
 * patient's flags that the access policy and the lists read, derived from
 * the standing consents — consent for care stands or the record is
 * withdrawn; research and registries count only while care stands.
 */
import { InvalidField } from "../../platform/http/errors.ts";
import type { ConsentKind } from "./contract.ts";

export function checkConsentDate(field: string, day: string, now: Date): void {
  const parsed = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) {
    throw new InvalidField(field, `${day} is not a date: enter the date of consent as YYYY-MM-DD.`);
  }
  if (day > now.toISOString().slice(0, 10)) throw new InvalidField(field, "The date of consent cannot be in the future.");
  if (day < "1900-01-01") throw new InvalidField(field, "The date of consent cannot be before 1900.");
}

export type ConsentFlags = { consentCare: boolean; withdrawn: boolean; consentResearch: boolean; consentRegistries: boolean };

export function consentFlags(standing: { kind: ConsentKind; given: boolean }[]): ConsentFlags {
  const given = (kind: ConsentKind) => standing.some((consent) => consent.kind === kind && consent.given);
  const consentCare = given("care");
  return { consentCare, withdrawn: !consentCare, consentResearch: consentCare && given("research"), consentRegistries: consentCare && given("registries") };
}
