/*
 * Input schemas of the patient record routes (contract.ts). They bound shape
 * and size; validate-record.ts judges the values (codes known, dates
 * consistent, HGVS) and names the field that is wrong.
 */
import { type Static, type TSchema, Type } from "typebox";
import type { ConsentWithdrawal, NewConsent, NewPatient, PatientRecord, RecordUpdate } from "./contract.ts";

const UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
const DATE_PATTERN = "^\\d{4}-\\d{2}-\\d{2}$";

const Uuid = (errorMessage: string) => Type.String({ pattern: UUID_PATTERN, errorMessage });
const Day = (errorMessage: string) => Type.String({ pattern: DATE_PATTERN, errorMessage });
/**
 * A value or null as one JSON schema type list: the validator coerces types
 * in place and, given a union, would turn false into null or null into ""
 * on its way through the branches; with a type list a value of either type
 * is left as it is.
 */
function Nullable<T extends TSchema>(schema: T, errorMessage: string) {
  const { type, ...rest } = schema as unknown as { type: string };
  return Type.Unsafe<Static<T> | null>({ ...rest, type: [type, "null"], errorMessage });
}
const OptionalDay = (errorMessage: string) => Nullable(Day(errorMessage), errorMessage);
const Text = (maxLength: number, errorMessage: string) => Type.String({ maxLength, errorMessage });
const OneOf = <V extends string>(values: readonly V[], errorMessage: string) =>
  Type.Unsafe<V | null>({ type: ["string", "null"], enum: [...values, null], errorMessage });

const AgeAt = Type.Union(
  [
    Type.Null(),
    Type.Object({ kind: Type.Union([Type.Literal("antenatal"), Type.Literal("at_birth"), Type.Literal("undetermined")]) }, { additionalProperties: false }),
    Type.Object({ kind: Type.Literal("date"), date: Day("Enter the date as YYYY-MM-DD.") }, { additionalProperties: false }),
  ],
  { errorMessage: "Choose antenatal, at birth, undetermined, or enter a date as YYYY-MM-DD." },
);

const Core = Type.Object(
  {
    status: OneOf(["alive", "dead", "lost_to_follow_up", "opted_out"], "Choose alive, dead, lost to follow-up or opted out."),
    dateOfDeath: OptionalDay("Enter the date of death as YYYY-MM-DD."),
    firstContact: OptionalDay("Enter the date of first contact as YYYY-MM-DD."),
    onset: AgeAt,
    diagnosisAge: AgeAt,
    undiagnosed: Type.Boolean({ errorMessage: "Say whether the case is undiagnosed." }),
    biologicalSample: Nullable(Type.Boolean(), "Say whether a biological sample was taken."),
    biobank: Text(500, "Keep the biobank link to at most 500 characters."),
    functioning: Type.Object(
      {
        icfScore: Text(100, "Keep the ICF score to at most 100 characters."),
        text: Text(2000, "Keep the description of functioning to at most 2000 characters."),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

const Demographics = Type.Object(
  {
    sex: OneOf(["female", "male", "undetermined", "unknown"], "Choose female, male, undetermined or unknown."),
    birthMonth: Nullable(Type.String({ pattern: "^\\d{4}-\\d{2}$" }), "Enter the year and month of birth as YYYY-MM."),
    countryOfResidence: Nullable(Type.String({ pattern: "^[A-Z]{2}$" }), "Choose the country of residence."),
  },
  { additionalProperties: false },
);

const Diagnosis = Type.Object(
  {
    status: Type.Union([Type.Literal("suspected"), Type.Literal("confirmed")], { errorMessage: "Choose suspected or confirmed." }),
    orphaCode: Nullable(Type.String({ pattern: "^ORPHA:\\d{1,7}$" }), "Write the ORPHAcode as ORPHA:558."),
    orphaLabel: Type.Optional(Type.String({ maxLength: 500 })),
    icd10Code: Nullable(Type.String({ pattern: "^[A-Z]\\d{2}(\\.[0-9A-Z]{1,4})?$" }), "Write the ICD-10 code as C49.9."),
    icd10Label: Type.Optional(Type.String({ maxLength: 500 })),
    date: OptionalDay("Enter the date of diagnosis as YYYY-MM-DD."),
  },
  { additionalProperties: false },
);

const Phenotype = Type.Object(
  {
    hpoCode: Type.String({ pattern: "^HP:\\d{7}$", errorMessage: "Write the HPO term as HP:0001250." }),
    label: Type.Optional(Type.String({ maxLength: 500 })),
    present: Type.Boolean({ errorMessage: "Say whether the feature is present or absent." }),
  },
  { additionalProperties: false },
);

const GeneticFinding = Type.Object(
  {
    gene: Type.String({ pattern: "^[A-Za-z0-9][A-Za-z0-9@._-]{0,29}$", errorMessage: "Write the gene's HGNC symbol, e.g. TP53." }),
    variant: Type.String({ minLength: 1, maxLength: 300, errorMessage: "Write the variant in HGVS, e.g. NM_000546.6:c.215C>G." }),
    classification: Type.Union(
      ["pathogenic", "likely_pathogenic", "uncertain_significance", "likely_benign", "benign"].map((value) => Type.Literal(value)),
      { errorMessage: "Choose pathogenic, likely pathogenic, VUS, likely benign or benign." },
    ),
  },
  { additionalProperties: false },
);

const FamilyHistory = Type.Object(
  {
    text: Text(5000, "Keep the family history to at most 5000 characters."),
    affectedRelatives: Type.Array(
      Type.Object(
        {
          relation: Type.Union(
            ["mother", "father", "sibling", "child", "grandparent", "aunt_uncle", "cousin", "other"].map((value) => Type.Literal(value)),
            { errorMessage: "Choose the relative." },
          ),
          condition: Text(300, "Keep the condition to at most 300 characters."),
        },
        { additionalProperties: false },
      ),
      { maxItems: 50, errorMessage: "At most 50 affected relatives." },
    ),
  },
  { additionalProperties: false },
);

const sections = {
  core: Core,
  demographics: Demographics,
  diagnoses: Type.Array(Diagnosis, { maxItems: 20, errorMessage: "At most 20 diagnoses." }),
  phenotypes: Type.Array(Phenotype, { maxItems: 200, errorMessage: "At most 200 HPO terms." }),
  geneticFindings: Type.Array(GeneticFinding, { maxItems: 50, errorMessage: "At most 50 genetic findings." }),
  familyHistory: FamilyHistory,
  clinicalSummary: Text(20_000, "Keep the clinical summary to at most 20,000 characters."),
  attachments: Type.Array(Uuid("Attach files uploaded to CPMS."), { maxItems: 100, uniqueItems: true, errorMessage: "At most 100 attachments, each once." }),
};

export const RecordBody = Type.Unsafe<PatientRecord>(Type.Object(sections, { additionalProperties: false }));
const PartialRecordBody = Type.Unsafe<Partial<PatientRecord>>(
  Type.Object(Object.fromEntries(Object.entries(sections).map(([key, schema]) => [key, Type.Optional(schema)])) as Record<string, TSchema>, {
    additionalProperties: false,
  }),
);

const ConsentFields = {
  given: Type.Boolean({ errorMessage: "Say whether the patient gave consent." }),
  date: Day("Enter the date of consent as YYYY-MM-DD."),
  formFileId: Type.Optional(Nullable(Uuid("Attach the signed form uploaded to CPMS."), "Attach the signed form uploaded to CPMS.")),
};

export const NewPatientBody = Type.Unsafe<NewPatient>(
  Type.Object(
    {
      ernCode: Type.String({ minLength: 1, maxLength: 40, errorMessage: "Choose the ERN." }),
      providerId: Uuid("Choose your healthcare provider."),
      localNumber: Type.Optional(Text(64, "Keep the local hospital number to at most 64 characters.")),
      consent: Type.Object(ConsentFields, { additionalProperties: false, errorMessage: "Record the patient's consent for care." }),
      record: Type.Optional(PartialRecordBody),
    },
    { additionalProperties: false },
  ),
);

export const RecordUpdateBody = Type.Unsafe<RecordUpdate>(
  Type.Object(
    {
      version: Type.Integer({ minimum: 1, maximum: 1_000_000, errorMessage: "Send the version of the record you edited." }),
      record: RecordBody,
    },
    { additionalProperties: false },
  ),
);

export const NewConsentBody = Type.Unsafe<NewConsent>(
  Type.Object(
    {
      kind: Type.Union([Type.Literal("care"), Type.Literal("registries"), Type.Literal("research")], {
        errorMessage: "Choose consent for care, for ERN registries or for research.",
      }),
      ...ConsentFields,
    },
    { additionalProperties: false },
  ),
);

export const WithdrawalBody = Type.Unsafe<ConsentWithdrawal>(
  Type.Object(
    { reason: Type.String({ minLength: 1, maxLength: 1000, errorMessage: "Give the reason for the withdrawal (at most 1000 characters)." }) },
    { additionalProperties: false },
  ),
);

export const PatientParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const VersionParams = Type.Object({ id: Type.String({ maxLength: 64 }), version: Type.Integer({ minimum: 1, maximum: 1_000_000 }) });
export const ConsentKindParams = Type.Object({
  id: Type.String({ maxLength: 64 }),
  kind: Type.Union([Type.Literal("care"), Type.Literal("registries"), Type.Literal("research")], { errorMessage: "There is no such consent." }),
});
