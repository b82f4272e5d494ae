import {
  BREACH_POLICIES,
  CLOCK_MODES,
  FINAL_OUTCOMES,
  FORM_FIELD_TYPES,
  RISK_LEVELS,
  TRANSITION_REQUIREMENTS,
} from './definition.types';

/** Lowercase kebab-case identifier: permit-type codes, state names, actions, roles, agencies. */
export const SLUG_PATTERN = '^[a-z][a-z0-9]*(-[a-z0-9]+)*$';
/** A state name or `*`. */
export const FROM_PATTERN = '^(\\*|[a-z][a-z0-9]*(-[a-z0-9]+)*)$';
export const CURRENCY_PATTERN = '^[A-Z]{3}$';
export const FIELD_NAME_PATTERN = '^[A-Za-z][A-Za-z0-9_]*$';
export const MEDIA_TYPE_PATTERN = '^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$';

/** Plain-language descriptions of the patterns above, used in fault messages. */
export const PATTERN_DESCRIPTIONS: Readonly<Record<string, string>> = {
  [SLUG_PATTERN]: 'must be a lowercase slug (a-z, 0-9 and single hyphens, starting with a letter)',
  [FROM_PATTERN]: 'must be a state name (lowercase slug) or "*"',
  [CURRENCY_PATTERN]: 'must be a three-letter ISO 4217 currency code such as IDR',
  [FIELD_NAME_PATTERN]: 'must start with a letter and contain only letters, digits and underscores',
  [MEDIA_TYPE_PATTERN]: 'must be a lowercase media type such as application/pdf',
};

const slug = { type: 'string', pattern: SLUG_PATTERN, maxLength: 60 } as const;
const text = { type: 'string', minLength: 1 } as const;
const positiveInt = { type: 'integer', minimum: 1 } as const;
const currency = { type: 'string', pattern: CURRENCY_PATTERN } as const;

/**
 * JSON Schema (draft-07) of a permit-type YAML file: the structure only. Cross references
 * (states, roles, reachability, SLA budgets...) are checked by the semantic validator.
 * Written to `config/permit-types/permit-type.schema.json` for editors.
 */
export const permitTypeSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://tenggat.example/schemas/permit-type.schema.json',
  title: 'Tenggat permit type',
  description: 'A permit type: its service standard and the workflow its cases follow.',
  type: 'object',
  additionalProperties: false,
  required: [
    'code',
    'name',
    'agency',
    'legalBasis',
    'risk',
    'roles',
    'requirements',
    'form',
    'fee',
    'product',
    'procedure',
    'complaintChannel',
    'processingTime',
    'deficiencyNotices',
    'onBreach',
    'states',
    'transitions',
  ],
  properties: {
    code: { ...slug, maxLength: 40, description: 'Stable key, used in case references (PBG-2026-000042).' },
    name: { ...text, description: 'Name of the permit as the applicant knows it.' },
    agency: { ...slug, description: 'Code of the issuing agency (config/agencies.yaml).' },
    legalBasis: { type: 'array', minItems: 1, items: text, description: 'Laws and regulations this service rests on.' },
    risk: { enum: [...RISK_LEVELS], description: 'Risk level of the business activity (PP 28/2025).' },
    description: { type: 'string' },
    roles: {
      type: 'array',
      uniqueItems: true,
      items: slug,
      description: 'Officer roles this type uses. applicant, supervisor and system are built in.',
    },
    requirements: {
      type: 'array',
      description: 'Documents the applicant uploads before submitting.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'name', 'mediaTypes', 'maxBytes'],
        properties: {
          code: slug,
          name: text,
          description: { type: 'string' },
          mediaTypes: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { type: 'string', pattern: MEDIA_TYPE_PATTERN },
          },
          maxBytes: positiveInt,
          optional: { type: 'boolean' },
        },
      },
    },
    form: {
      type: 'object',
      additionalProperties: false,
      required: ['fields'],
      description: 'Form data the applicant fills in.',
      properties: {
        fields: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'label', 'type'],
            properties: {
              name: { type: 'string', pattern: FIELD_NAME_PATTERN, maxLength: 60 },
              label: text,
              description: { type: 'string' },
              type: { enum: [...FORM_FIELD_TYPES] },
              required: { type: 'boolean' },
              enum: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string' } },
              min: { type: 'number' },
              max: { type: 'number' },
              pattern: { type: 'string', minLength: 1 },
              maxLength: positiveInt,
            },
          },
        },
      },
    },
    fee: {
      type: 'object',
      additionalProperties: false,
      required: ['currency', 'basis'],
      description: 'A fixed amount, or a formula over the form fields and named rates (exactly one of them).',
      properties: {
        amount: { type: 'number', minimum: 0 },
        formula: {
          type: 'string',
          minLength: 1,
          maxLength: 500,
          description: 'e.g. widthM * heightM * sides * durationMonths * rate; + - * /, comparisons, && || !, c ? a : b, min max round ceil floor',
        },
        rates: {
          type: 'object',
          propertyNames: { pattern: FIELD_NAME_PATTERN, maxLength: 60 },
          additionalProperties: { type: 'number' },
          description: 'Named numbers the formula uses (unit prices, indices), with the regulation they come from in a comment.',
        },
        currency,
        basis: { ...text, description: 'Legal basis or formula of the fee (e.g. the retribusi Perda).' },
      },
    },
    product: { ...text, description: 'What is issued.' },
    validity: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      description: 'Validity of the issued permit; absent means indefinite.',
      properties: { years: positiveInt, months: positiveInt },
    },
    procedure: { type: 'array', minItems: 1, items: text, description: 'The steps as the applicant reads them.' },
    complaintChannel: { ...text, description: 'Where to complain (e.g. SP4N-LAPOR!, the agency desk).' },
    processingTime: {
      type: 'object',
      additionalProperties: false,
      required: ['workingDays'],
      description: 'The statutory clock for the whole case.',
      properties: { workingDays: positiveInt },
    },
    deficiencyNotices: {
      type: 'object',
      additionalProperties: false,
      required: ['max'],
      description: 'How often the clock may be stopped for missing documents.',
      properties: { max: { type: 'integer', minimum: 0 } },
    },
    onBreach: { enum: [...BREACH_POLICIES], description: 'What happens when the statutory clock runs out.' },
    delayCompensation: {
      type: 'object',
      additionalProperties: false,
      required: ['perWorkingDay', 'cap', 'currency'],
      properties: {
        perWorkingDay: { type: 'number', exclusiveMinimum: 0 },
        cap: { type: 'number', exclusiveMinimum: 0 },
        currency,
      },
    },
    openCases: {
      type: 'object',
      additionalProperties: false,
      description: 'How this version treats open cases migrated to it (a submitted case\'s deadline never moves later).',
      properties: {
        processingTime: {
          enum: ['keep', 'shorten'],
          description: 'shorten: a shorter processing time of this version applies to migrated open cases (default keep).',
        },
      },
    },
    warningAt: {
      type: 'number',
      exclusiveMinimum: 0,
      exclusiveMaximum: 1,
      description: 'Share of a budget at which a warning fires (default 0.8).',
    },
    initial: { ...slug, description: 'Initial state; default the first state listed.' },
    states: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: SLUG_PATTERN, maxLength: 60 },
      additionalProperties: { $ref: '#/definitions/state' },
    },
    transitions: { type: 'array', minItems: 1, items: { $ref: '#/definitions/transition' } },
  },
  definitions: {
    state: {
      type: 'object',
      additionalProperties: false,
      properties: {
        label: text,
        role: slug,
        sla: {
          type: 'object',
          additionalProperties: false,
          required: ['workingDays'],
          properties: { workingDays: positiveInt },
        },
        clock: { enum: [...CLOCK_MODES] },
        applicantResponse: {
          type: 'object',
          additionalProperties: false,
          properties: { calendarDays: positiveInt, workingDays: positiveInt, onTimeout: slug },
        },
        final: { enum: [...FINAL_OUTCOMES] },
      },
    },
    transition: {
      type: 'object',
      additionalProperties: false,
      required: ['from', 'action', 'to', 'roles'],
      properties: {
        from: { type: 'string', pattern: FROM_PATTERN },
        action: slug,
        label: text,
        to: slug,
        roles: { type: 'array', minItems: 1, uniqueItems: true, items: slug },
        requires: { type: 'array', uniqueItems: true, items: { enum: [...TRANSITION_REQUIREMENTS] } },
      },
    },
  },
} as const;
