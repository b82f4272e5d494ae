import { validateForm, type PermitTypeDefinition } from '@tenggat/workflow';
import { validDefinition } from '../test-fixtures/definition.factory';

const def: PermitTypeDefinition = validDefinition();
const complete = { buildingName: 'Ruko Maju', floors: 3, email: 'pemohon@contoh.id' };

function errorsOf(data: unknown): Record<string, string> {
  const result = validateForm(def, data);
  if (result.ok) return {};
  return Object.fromEntries(result.errors.map((e) => [e.field, e.message]));
}

describe('validateForm', () => {
  it('accepts complete data and returns only the declared fields', () => {
    const data = { ...complete, areaM2: 120.5, basement: false, startDate: '2026-02-28', kind: 'baru', kbli: '41011' };
    const result = validateForm(def, data);
    expect(result).toEqual({ ok: true, value: { ...complete, areaM2: 120.5, basement: false, startDate: '2026-02-28', kind: 'baru', kbli: '41011' } });
  });

  it('treats null and blank optional values as absent', () => {
    expect(validateForm(def, { ...complete, areaM2: null, kind: '  ' })).toEqual({ ok: true, value: complete });
  });

  it('refuses anything but an object', () => {
    for (const data of [null, 'x', 3, [complete]]) {
      expect(validateForm(def, data)).toEqual({ ok: false, errors: [{ field: '(form)', message: 'must be an object of field values' }] });
    }
  });

  it('refuses unknown fields', () => {
    expect(errorsOf({ ...complete, owner: 'x', __proto__x: 1 })).toEqual({ owner: 'is not a field of this form', __proto__x: 'is not a field of this form' });
  });

  it('requires the required fields, blank strings included', () => {
    expect(errorsOf({ buildingName: '   ', floors: null })).toEqual({ buildingName: 'is required', floors: 'is required', email: 'is required' });
  });

  it('checks types', () => {
    expect(errorsOf({ ...complete, floors: '3', areaM2: 'luas', basement: 'ya', buildingName: 12 })).toEqual({
      floors: 'must be a number',
      areaM2: 'must be a number',
      basement: 'must be true or false',
      buildingName: 'must be a string',
    });
    expect(errorsOf({ ...complete, floors: 2.5 })).toEqual({ floors: 'must be a whole number' });
    expect(errorsOf({ ...complete, areaM2: Number.NaN })).toEqual({ areaM2: 'must be a number' });
  });

  it('checks enum, min/max, pattern and maxLength', () => {
    expect(errorsOf({ ...complete, kind: 'bongkar' })).toEqual({ kind: 'must be one of: baru, perubahan' });
    expect(errorsOf({ ...complete, floors: 0 })).toEqual({ floors: 'must be at least 1' });
    expect(errorsOf({ ...complete, floors: 9 })).toEqual({ floors: 'must be at most 8' });
    expect(errorsOf({ ...complete, areaM2: 0.1 })).toEqual({ areaM2: 'must be at least 0.5' });
    expect(errorsOf({ ...complete, kbli: '4101' })).toEqual({ kbli: 'is not in the expected format' });
    expect(errorsOf({ ...complete, buildingName: 'x'.repeat(21) })).toEqual({ buildingName: 'must be at most 20 characters' });
    // maxLength counts characters, not UTF-16 units
    expect(errorsOf({ ...complete, buildingName: '🏢'.repeat(20) })).toEqual({});
  });

  it('checks emails', () => {
    expect(errorsOf({ ...complete, email: 'pemohon@contoh' })).toEqual({ email: 'must be an email address' });
    expect(errorsOf({ ...complete, email: 'a b@contoh.id' })).toEqual({ email: 'must be an email address' });
  });

  it('takes dates only as real YYYY-MM-DD calendar dates', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', '2026-01-01T00:00:00Z', 20260101]) {
      expect(errorsOf({ ...complete, startDate: bad })).toEqual({ startDate: 'must be a date as YYYY-MM-DD' });
    }
    expect(errorsOf({ ...complete, startDate: '2028-02-29' })).toEqual({});
  });

  it('reports every error at once', () => {
    const result = validateForm(def, { floors: 100, email: 'x', extra: 1 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.field).sort()).toEqual(['buildingName', 'email', 'extra', 'floors']);
  });
});
