import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import {
  ANY_STATE,
  approvingFinalState,
  parseDefinition,
  permitTypeSchema,
  type PermitTypeDefinition,
} from '@tenggat/workflow';

const CONFIG = join(__dirname, '..', '..', '..', 'config');
const TYPES = join(CONFIG, 'permit-types');
const files = readdirSync(TYPES).filter((f) => f.endsWith('.yaml')).sort();

interface Agency {
  code: string;
  name: string;
  calendar: string;
  timeZone: string;
  level: string;
}
const agencies = parse(readFileSync(join(CONFIG, 'agencies.yaml'), 'utf8')) as Agency[];

function load(file: string): PermitTypeDefinition {
  const result = parseDefinition(readFileSync(join(TYPES, file), 'utf8'), { agencies: agencies.map((a) => a.code) });
  if (!result.ok) throw new Error(`${file}:\n${result.faults.map((f) => `  ${f.path}: ${f.message}`).join('\n')}`);
  return result.definition;
}

describe('config/agencies.yaml', () => {
  it('lists the agencies with known calendars, real time zones and a level', () => {
    expect(agencies.map((a) => a.code)).toEqual(
      expect.arrayContaining(['dpmptsp-kota-contoh', 'kementerian-investasi', 'dlh-provinsi-sulsel', 'dpmptsp-provinsi-papua']),
    );
    expect(new Set(agencies.map((a) => a.code)).size).toBe(agencies.length);
    for (const a of agencies) {
      expect(a.name).toEqual(expect.any(String));
      expect(['id-national', 'kota-contoh', 'sulsel', 'id-national-wit']).toContain(a.calendar);
      expect(['national', 'province', 'regency', 'city']).toContain(a.level);
      expect(() => new Intl.DateTimeFormat('en', { timeZone: a.timeZone })).not.toThrow();
    }
    const zone = (code: string): string | undefined => agencies.find((a) => a.code === code)?.timeZone;
    expect(zone('dlh-provinsi-sulsel')).toBe('Asia/Makassar');
    expect(zone('dpmptsp-provinsi-papua')).toBe('Asia/Jayapura');
  });
});

describe('config/permit-types', () => {
  it('ships at least four permit types from different agencies and risk levels', () => {
    expect(files).toEqual(expect.arrayContaining(['pbg.yaml', 'sertifikat-standar.yaml', 'ukl-upl.yaml', 'reklame.yaml']));
    const defs = files.map(load);
    expect(new Set(defs.map((d) => d.agency)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(defs.map((d) => d.risk)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(defs.map((d) => d.code)).size).toBe(defs.length);
  });

  it('keeps the editor schema file in sync with the exported schema', () => {
    const onDisk: unknown = JSON.parse(readFileSync(join(TYPES, 'permit-type.schema.json'), 'utf8'));
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(permitTypeSchema)));
  });

  describe.each(files)('%s', (file) => {
    const text = readFileSync(join(TYPES, file), 'utf8');

    it('validates, with the agencies of config/agencies.yaml', () => {
      expect(() => load(file)).not.toThrow();
    });

    it('points editors at the schema and is named after its code', () => {
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./permit-type.schema.json');
      expect(load(file).code).toBe(basename(file, '.yaml'));
    });

    it('publishes a complete service standard', () => {
      const def = load(file);
      expect(def.legalBasis.length).toBeGreaterThan(0);
      expect(def.requirements.length).toBeGreaterThan(0);
      expect(def.form.fields.length).toBeGreaterThan(0);
      expect(def.procedure.length).toBeGreaterThan(1);
      expect(def.complaintChannel).toMatch(/SP4N-LAPOR!/);
      expect(def.processingTime.workingDays).toBeGreaterThan(0);
      expect(def.deficiencyNotices.max).toBeGreaterThan(0);
      expect(def.roles.length).toBeGreaterThanOrEqual(2);
    });

    it('has a stopped deficient state that times out to a withdrawal, and the standard actions', () => {
      const def = load(file);
      const deficient = def.states['deficient'];
      expect(deficient).toMatchObject({ clock: 'stopped', applicantResponse: { calendarDays: expect.any(Number) } });
      expect(def.states[deficient.applicantResponse?.onTimeout ?? '']).toEqual(expect.objectContaining({ final: 'withdrawn' }));
      const by = (action: string) => def.transitions.filter((t) => t.action === action);
      expect(by('resubmit')).toEqual([expect.objectContaining({ from: 'deficient', roles: ['applicant'] })]);
      expect(by('withdraw')).toEqual([expect.objectContaining({ from: ANY_STATE, roles: ['applicant'] })]);
      expect(by('request-documents').length).toBeGreaterThan(0);
      for (const t of by('request-documents')) expect(t.requires).toEqual(['comment', 'missingDocuments']);
      for (const action of ['approve', 'reject']) {
        expect(by(action).length).toBeGreaterThan(0);
        for (const t of by(action)) expect(t.requires).toContain('comment');
      }
      expect(approvingFinalState(def)).toBeDefined();
    });
  });

  it('sets the breach policies the design asks for', () => {
    expect(load('pbg.yaml')).toMatchObject({ agency: 'dpmptsp-kota-contoh', risk: 'high', onBreach: 'escalate' });
    expect(load('sertifikat-standar.yaml')).toMatchObject({ agency: 'kementerian-investasi', risk: 'medium-high', onBreach: 'deemed-approval', fee: { amount: 0 } });
    expect(load('ukl-upl.yaml')).toMatchObject({ agency: 'dlh-provinsi-sulsel', delayCompensation: { currency: 'IDR' } });
    expect(load('reklame.yaml')).toMatchObject({ agency: 'dpmptsp-kota-contoh', risk: 'low', onBreach: 'flag' });
  });
});
