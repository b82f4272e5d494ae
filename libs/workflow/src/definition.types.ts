/**
 * The parsed, validated permit-type definition: the service standard an applicant reads
 * (UU 25/2009 art. 21 components) and the state machine a case runs through.
 * Everything is readonly: a published version never changes.
 */

export const RISK_LEVELS = ['low', 'medium-low', 'medium-high', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const BREACH_POLICIES = ['flag', 'escalate', 'deemed-approval'] as const;
export type BreachPolicy = (typeof BREACH_POLICIES)[number];

export const FINAL_OUTCOMES = ['approved', 'rejected', 'withdrawn'] as const;
export type FinalOutcome = (typeof FINAL_OUTCOMES)[number];

export const CLOCK_MODES = ['running', 'stopped'] as const;
export type ClockMode = (typeof CLOCK_MODES)[number];

/** `feePaid`: the case's fee is paid or waived (a fact of the case, not a field the actor sends). */
export const TRANSITION_REQUIREMENTS = ['comment', 'missingDocuments', 'feePaid'] as const;
export type TransitionRequirement = (typeof TRANSITION_REQUIREMENTS)[number];

export const FORM_FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'date', 'email'] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

/** Roles every definition knows without declaring them. `applicant` counts only for the case owner. */
export const BUILT_IN_ROLES = ['applicant', 'supervisor', 'system'] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

/** `from: "*"` — every non-final state except the transition's own target. */
export const ANY_STATE = '*';

/** Share of a budget at which a warning fires when a definition does not say. */
export const DEFAULT_WARNING_AT = 0.8;

export interface DocumentRequirement {
  readonly code: string;
  readonly name: string;
  readonly description?: string;
  readonly mediaTypes: readonly string[];
  readonly maxBytes: number;
  readonly optional?: boolean;
}

export interface FormField {
  readonly name: string;
  readonly label: string;
  readonly description?: string;
  readonly type: FormFieldType;
  readonly required?: boolean;
  readonly enum?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /** A regular expression (JSON Schema semantics: unanchored unless it says `^...$`). */
  readonly pattern?: string;
  readonly maxLength?: number;
}

export interface FormDefinition {
  readonly fields: readonly FormField[];
}

/**
 * The fee: a fixed `amount`, or a `formula` over the form's fields and the named `rates` (see
 * fee-formula.ts), evaluated when the case is submitted and rounded to whole currency units.
 */
export interface Fee {
  readonly amount?: number;
  readonly currency: string;
  readonly basis: string;
  readonly formula?: string;
  readonly rates?: Readonly<Record<string, number>>;
}

export interface Validity {
  readonly years?: number;
  readonly months?: number;
}

export interface WorkingDays {
  readonly workingDays: number;
}

export interface ApplicantResponse {
  /** Exactly one of calendarDays / workingDays is set (the validator enforces it). */
  readonly calendarDays?: number;
  readonly workingDays?: number;
  /** The state the case moves to, as the system, when the window lapses. */
  readonly onTimeout: string;
}

export interface DelayCompensation {
  readonly perWorkingDay: number;
  readonly cap: number;
  readonly currency: string;
}

export interface StateDefinition {
  /** Human label (e.g. Indonesian) for timelines; the key stays the stable id. */
  readonly label?: string;
  /** The officer role whose queue holds cases in this state. */
  readonly role?: string;
  readonly sla?: WorkingDays;
  /** Default `running`. A stopped state pauses the statutory clock (a deficiency notice). */
  readonly clock?: ClockMode;
  readonly applicantResponse?: ApplicantResponse;
  readonly final?: FinalOutcome;
}

export interface TransitionDefinition {
  /** A state name, or `*` for every non-final state other than `to`. */
  readonly from: string;
  readonly action: string;
  readonly label?: string;
  readonly to: string;
  readonly roles: readonly string[];
  readonly requires?: readonly TransitionRequirement[];
}

/**
 * How a newer version treats cases already open when they are migrated to it. A submitted case's
 * statutory deadline never moves later; `shorten` lets a shorter processing time of this version
 * apply to them (default `keep`: they keep the time they were submitted under).
 */
export interface OpenCasesPolicy {
  readonly processingTime?: 'keep' | 'shorten';
}

export interface PermitTypeDefinition {
  readonly code: string;
  readonly name: string;
  readonly agency: string;
  readonly legalBasis: readonly string[];
  readonly risk: RiskLevel;
  readonly description?: string;
  readonly roles: readonly string[];
  readonly requirements: readonly DocumentRequirement[];
  readonly form: FormDefinition;
  readonly fee: Fee;
  readonly product: string;
  readonly validity?: Validity;
  readonly procedure: readonly string[];
  readonly complaintChannel: string;
  readonly processingTime: WorkingDays;
  readonly deficiencyNotices: { readonly max: number };
  readonly onBreach: BreachPolicy;
  readonly delayCompensation?: DelayCompensation;
  readonly openCases?: OpenCasesPolicy;
  /** In (0, 1); default {@link DEFAULT_WARNING_AT}. */
  readonly warningAt?: number;
  /** Default: the first key of `states`. */
  readonly initial?: string;
  readonly states: Readonly<Record<string, StateDefinition>>;
  readonly transitions: readonly TransitionDefinition[];
}

/** A fault in a definition, with the path of the offending value (`transitions[3].to`). */
export interface Fault {
  readonly path: string;
  readonly message: string;
  /** 1-based position in the YAML source, when the definition came from text. */
  readonly line?: number;
  readonly column?: number;
}

export type DefinitionResult =
  | { readonly ok: true; readonly definition: PermitTypeDefinition }
  | { readonly ok: false; readonly faults: readonly Fault[] };

export interface ValidationContext {
  /** Known agency codes; when given, `agency` must be one of them. */
  readonly agencies?: readonly string[];
}
