/*
 * GET /api/patients: the patient list's filters and its rows. Rows carry no
 * names and no hospital number: the pseudonym, sex, year of birth, the coded
 * diagnoses, how many phenotype terms are present, the enrolling HCP, the
 * enrolment date, and why the user sees it (a share, their HCP, their ERN).
 * The answer: { rows, providers, total, page, perPage }.
 */
import { type Static, Type } from "typebox";

const UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
const DAY_PATTERN = "^\\d{4}-\\d{2}-\\d{2}$";
/** An ORPHAcode ("ORPHA:558") or an ICD-10 code ("C49", "C49.9", "Q87.4"). */
export const DIAGNOSIS_CODE_PATTERN = "^(ORPHA:\\d{1,7}|[A-Z]\\d{2}(\\.\\d{1,2})?)$";
export const HPO_CODE_PATTERN = "^HP:\\d{7}$";
export const PER_PAGE = [10, 25, 50, 100] as const;

export const PatientListQuery = Type.Object(
  {
    ern: Type.Optional(Type.String({ pattern: "^[A-Za-z0-9-]{2,32}$", errorMessage: "Choose an ERN by its code, such as EURACAN." })),
    q: Type.Optional(Type.String({ maxLength: 64, errorMessage: "Search with at most 64 characters of a pseudonym." })),
    diagnosis: Type.Optional(
      Type.String({ pattern: DIAGNOSIS_CODE_PATTERN, errorMessage: "Give a diagnosis as an ORPHAcode (ORPHA:558) or an ICD-10 code (C49.9)." }),
    ),
    phenotype: Type.Optional(
      Type.Array(Type.String({ pattern: HPO_CODE_PATTERN, errorMessage: "Give each phenotype as an HPO id, such as HP:0001250." }), {
        maxItems: 10,
        errorMessage: "Filter on at most 10 phenotype terms.",
      }),
    ),
    hcp: Type.Optional(Type.String({ pattern: UUID_PATTERN, errorMessage: "Choose a healthcare provider from the list." })),
    from: Type.Optional(Type.String({ pattern: DAY_PATTERN, errorMessage: "Give the first enrolment day as YYYY-MM-DD." })),
    to: Type.Optional(Type.String({ pattern: DAY_PATTERN, errorMessage: "Give the last enrolment day as YYYY-MM-DD." })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, errorMessage: "Pages are numbered from 1." })),
    perPage: Type.Optional(
      Type.Unsafe<(typeof PER_PAGE)[number]>({ type: "integer", enum: [...PER_PAGE], errorMessage: "Show 10, 25, 50 or 100 patients per page." }),
    ),
  },
  { additionalProperties: false },
);
export type PatientListFilters = Static<typeof PatientListQuery>;

const DiagnosisCell = Type.Object({
  status: Type.String(),
  orphaCode: Type.Union([Type.String(), Type.Null()]),
  orphaLabel: Type.Union([Type.String(), Type.Null()]),
  icd10Code: Type.Union([Type.String(), Type.Null()]),
  icd10Label: Type.Union([Type.String(), Type.Null()]),
});

export const PatientListRow = Type.Object({
  id: Type.String(),
  /** "EURACAN-7K3Q9F" */
  pseudonym: Type.String(),
  /** The ERN that enrolled the patient. */
  ernCode: Type.String(),
  sex: Type.Union([Type.String(), Type.Null()]),
  birthYear: Type.Union([Type.Integer(), Type.Null()]),
  diagnoses: Type.Array(DiagnosisCell),
  /** Phenotype terms recorded as present. */
  phenotypeCount: Type.Integer(),
  provider: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
  enrolledAt: Type.String(),
  /** Why the user sees it (access policy): "own_hcp", "enroller", "ern", "shared", "panel". */
  reason: Type.String(),
  /** The user sees it through a share (with them or their HCP), not as its HCP or ERN. */
  sharedWithMe: Type.Boolean(),
  /** Consent for care was withdrawn: listed only for the enrolling HCP. */
  withdrawn: Type.Boolean(),
});
export type PatientListRow = Static<typeof PatientListRow>;

const ListProvider = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() });

export const PatientListAnswer = Type.Object({
  rows: Type.Array(PatientListRow),
  /** The healthcare providers of the ERN (or of the user's ERNs), for the HCP filter. */
  providers: Type.Array(ListProvider),
  total: Type.Integer(),
  page: Type.Integer(),
  perPage: Type.Integer(),
});
export type PatientListAnswer = Static<typeof PatientListAnswer>;
