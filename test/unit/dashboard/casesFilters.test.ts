import { describe, expect, it } from 'vitest';
import { casesQuerySchema } from '../../../shared/dashboard/cases';
import { EMPTY_CASES_FILTERS, filtersFromQuery, filtersToParams, filtersToQuery } from '../../../server/dashboard/src/components/cases/casesFilters';

describe('case list filters in the URL', () => {
  it('round-trips through the query string, leaving unset filters out', () => {
    const filters = { ...EMPTY_CASES_FILTERS, village: '341299101201', state: 'accepted', overdue: 'true' as const, from: '2026-11-01' };
    const query = filtersToQuery(filters);
    expect(query).toEqual({ village: '341299101201', state: 'accepted', overdue: 'true', from: '2026-11-01' });
    expect(filtersFromQuery(query)).toEqual(filters);
  });

  it('ignores what a hand-edited URL gets wrong instead of sending it to the server', () => {
    expect(filtersFromQuery({ state: 'nonsense', overdue: 'maybe', village: ['a', 'b'] })).toEqual(EMPTY_CASES_FILTERS);
  });

  it('builds API parameters the server schema accepts (item code normalised, cursor passed on)', () => {
    const params = filtersToParams({ ...EMPTY_CASES_FILTERS, item: ' sb001 ', overdue: 'false' }, 'opaque-cursor');
    expect(params).toEqual({ item: 'SB001', overdue: 'false', cursor: 'opaque-cursor' });
    const parsed = casesQuerySchema.parse(Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)));
    expect(parsed).toMatchObject({ item: 'SB001', overdue: false, cursor: 'opaque-cursor' });
  });
});
