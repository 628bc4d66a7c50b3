import assert from "node:assert/strict";
import { test } from "node:test";
import { isHgvsVariant } from "./hgvs.ts";

test("variants as genetic reports write them are HGVS", () => {
  for (const variant of [
    "NM_000546.6:c.215C>G",
    "NC_000017.11:g.7676154G>C",
    "NM_004006.2:c.4375_4379del",
    "NM_004006.2:c.4375_4379delCGATT",
    "NM_004006.2:c.5697dup",
    "NM_004006.2:c.849_850insTGA",
    "NM_004006.2:c.6775_6777delinsC",
    "NM_004006.2:c.93+1G>T",
    "NM_004006.2:c.-14G>C",
    "NM_004006.2:c.*41A>G",
    "NM_004006.2:c.[76A>C;83G>C]",
    "NC_000023.11(NM_004006.2):c.357+1G>A",
    "NC_000001.11:g.1234_2345inv",
    "NM_002111.8:c.-128_-69GGC[10]",
    "NP_000537.3:p.(Pro72Arg)",
    "NP_000537.3:p.Arg175His",
    "NP_003997.1:p.Trp24Ter",
    "NP_003997.1:p.Trp24*",
    "NP_003997.1:p.Cys188=",
    "NP_0123456.1:p.Arg97ProfsTer23",
    "NP_0123456.1:p.Arg97fs",
    "NP_003997.2:p.Lys2_Gly3insGlnSerLys",
    "NP_003997.1:p.0",
    "NM_004006.3:r.76a>c",
    "ENST00000357654.9:c.68_69del",
    "LRG_199t1:c.79G>A",
  ]) {
    assert.equal(isHgvsVariant(variant), true, variant);
  }
});

test("a gene name, a bare change or a malformed description is not HGVS", () => {
  for (const variant of [
    "TP53",
    "c.215C>G",
    "NM_000546:c.215C>G",
    "NM_000546.6 c.215C>G",
    "NM_000546.6:c.215C>",
    "NM_000546.6:c.215CG",
    "NM_000546.6:x.215C>G",
    "NM_000546.6:c.215C>G<script>",
    "NP_000537.3:p.Pro72Foo",
    "NM_004006.2:c.[76A>C;83G>C",
    "",
  ]) {
    assert.equal(isHgvsVariant(variant), false, variant);
  }
});
