import type { LocationQuery } from 'vue-router';
import { CASE_STATES } from '../../../../../shared/domain/case';
import type { CasesQueryParams } from '../../../../../shared/dashboard/cases';

/** The filter form's values: strings as the inputs hold them ('' = not set). */
export interface CasesFilters {
  village: string;
  item: string;
  state: string;
  overdue: '' | 'true' | 'false';
  from: string;
  to: string;
}

export const EMPTY_CASES_FILTERS: CasesFilters = { village: '', item: '', state: '', overdue: '', from: '', to: '' };

function text(value: LocationQuery[string] | undefined): string {
  return typeof value === 'string' ? value : '';
}

/** The filters live in the URL, so a case opened from the list comes back to the same list. */
export function filtersFromQuery(query: LocationQuery): CasesFilters {
  const overdue = text(query.overdue);
  return {
    village: text(query.village),
    item: text(query.item),
    state: (CASE_STATES as readonly string[]).includes(text(query.state)) ? text(query.state) : '',
    overdue: overdue === 'true' || overdue === 'false' ? overdue : '',
    from: text(query.from),
    to: text(query.to),
  };
}

export function filtersToQuery(filters: CasesFilters): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters)) if (value !== '') query[key] = value;
  return query;
}

/** The API's query: unset filters left out; the server's schema validates the rest. */
export function filtersToParams(filters: CasesFilters, cursor: string | undefined): Record<string, string | undefined> {
  const params: Partial<Record<keyof CasesQueryParams, string | undefined>> = { ...filtersToQuery(filters), item: filters.item.trim().toUpperCase() || undefined, cursor };
  return params;
}
