/*
 * The syntax of a sequence variant in HGVS nomenclature, as genetic reports
 * write it: a versioned reference sequence, a coordinate type and an edit —
 * "NM_000546.6:c.215C>G", "NC_000017.11:g.7676154G>C",
 * "NP_000537.3:p.(Pro72Arg)", "NM_004006.2:c.[76A>C;83G>C]".
 * It checks the form only (that positions and bases exist is the lab's
 * business): substitutions, deletions, duplications, insertions, deletion-
 * insertions, inversions, repeats, no change; protein changes with
 * frameshifts and extensions; alleles in brackets.
 */

const REFERENCE = String.raw`(?:(?:N[CGMRTW]|X[MR]|NP|XP)_\d+\.\d+|ENS[TGP]\d{11}(?:\.\d+)?|LRG_\d+(?:[tp]\d+)?)(?:\([A-Za-z0-9_.-]{1,40}\))?`;

function nucleicEdit(bases: string, position: string): string {
  const location = `${position}(?:_${position})?`;
  const edit = [
    `${position}${bases}>${bases}`,
    `${location}delins${bases}+`,
    `${location}del${bases}*`,
    `${location}dup${bases}*`,
    `${position}_${position}ins(?:${bases}+|\\d+)`,
    `${location}inv`,
    `${location}${bases}*\\[\\d+\\]`,
    `(?:${location})?=`,
  ].join("|");
  return `(?:${edit})`;
}

const DNA_BASES = "[ACGTN]";
const GENOMIC_POSITION = String.raw`(?:\d+|\?)`;
const CODING_POSITION = String.raw`(?:[-*]?\d+(?:[+-]\d+)?|\?)`;
const RNA_BASES = "[acgun]";

const AMINO_ACID = "(?:Ala|Arg|Asn|Asp|Cys|Gln|Glu|Gly|His|Ile|Leu|Lys|Met|Phe|Pro|Ser|Thr|Trp|Tyr|Val|Sec|Pyl|Ter|Xaa|[ACDEFGHIKLMNPQRSTVWYUOX*])";
const PROTEIN_POSITION = `${AMINO_ACID}\\d+`;
const PROTEIN_EDIT = [
  `${PROTEIN_POSITION}(?:${AMINO_ACID}|=|\\?)`,
  `${PROTEIN_POSITION}(?:_${PROTEIN_POSITION})?delins${AMINO_ACID}+`,
  `${PROTEIN_POSITION}(?:_${PROTEIN_POSITION})?(?:del|dup)`,
  `${PROTEIN_POSITION}_${PROTEIN_POSITION}ins${AMINO_ACID}+`,
  `${PROTEIN_POSITION}${AMINO_ACID}?fs(?:(?:Ter|\\*)(?:\\d+|\\?)?)?`,
  `${PROTEIN_POSITION}${AMINO_ACID}?ext(?:(?:Ter|\\*)?-?\\d+|\\?)`,
].join("|");

function alleles(edit: string): string {
  return `(?:${edit}|\\[${edit}(?:;${edit})*\\])`;
}

const PATTERNS = [
  `[gmo]\\.${alleles(nucleicEdit(DNA_BASES, GENOMIC_POSITION))}`,
  `[cn]\\.${alleles(nucleicEdit(DNA_BASES, CODING_POSITION))}`,
  `r\\.(?:${alleles(nucleicEdit(RNA_BASES, CODING_POSITION))}|0|\\?|spl)`,
  `p\\.(?:${alleles(`(?:${PROTEIN_EDIT})`)}|\\((?:${PROTEIN_EDIT})\\)|0|\\?|=)`,
];

const HGVS = new RegExp(`^${REFERENCE}:(?:${PATTERNS.join("|")})$`);

export const HGVS_EXAMPLE = "NM_000546.6:c.215C>G";

export function isHgvsVariant(text: string): boolean {
  return text.length <= 300 && HGVS.test(text);
}
