/*
 * The patient's identifier in CPMS: the ERN's code and six random characters
 * ("EURACAN-7K3Q9F") from an alphabet without look-alikes (no 0/O, 1/I/L, U),
 * drawn with a cryptographic generator so one cannot be guessed from another.
 * Unique by index; enrolment draws again on the rare collision.
 */
import { randomInt } from "node:crypto";

const ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
const LENGTH = 6;

export function issuePseudonym(ernCode: string): string {
  let code = "";
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${ernCode.toUpperCase()}-${code}`;
}
