import { EXPORT_QUERY_SCHEMAS, type ExportKind } from '../../../../../shared/dashboard/exports';
import { CASE_STATES } from '../../../../../shared/domain/case';
import { DISBURSEMENT_STATUSES } from '../../../../../shared/domain/disbursement';
import { FEEDBACK_QUEUE_STATES } from '../../../../../shared/dashboard/feedback';
import { FEEDBACK_CATEGORIES } from '../../../../../shared/domain/feedback';

/** The filters each export accepts (the same names as its query schema), and how the form asks for them. */
export type ExportFilterKind = 'village' | 'text' | 'date' | 'year' | 'select' | 'flag';

export interface ExportFilter {
  name: string;
  kind: ExportFilterKind;
  options?: readonly string[];
  /** Locale group naming the options: `exports.options.<group>.<value>`. */
  optionGroup?: string;
  /** Where the route has a default (the feedback queue's state), the form starts there and offers no "any". */
  defaultValue?: string;
}

export const EXPORT_FILTERS: Record<ExportKind, readonly ExportFilter[]> = {
  cases: [
    { name: 'village', kind: 'village' },
    { name: 'item', kind: 'text' },
    { name: 'state', kind: 'select', options: CASE_STATES, optionGroup: 'caseState' },
    { name: 'overdue', kind: 'flag' },
    { name: 'from', kind: 'date' },
    { name: 'to', kind: 'date' },
  ],
  feedback: [
    { name: 'village', kind: 'village' },
    { name: 'state', kind: 'select', options: FEEDBACK_QUEUE_STATES, optionGroup: 'feedbackState', defaultValue: 'open' },
    { name: 'category', kind: 'select', options: FEEDBACK_CATEGORIES, optionGroup: 'feedbackCategory' },
  ],
  disbursements: [
    { name: 'village', kind: 'village' },
    { name: 'program', kind: 'text' },
    { name: 'year', kind: 'year' },
    { name: 'status', kind: 'select', options: DISBURSEMENT_STATUSES, optionGroup: 'disbursementStatus' },
  ],
};

export type ExportFilterValues = Record<string, string>;

export function defaultExportFilterValues(kind: ExportKind): ExportFilterValues {
  const values: ExportFilterValues = {};
  // '' selects the "any" option (and leaves the parameter out of the link).
  for (const filter of EXPORT_FILTERS[kind]) values[filter.name] = filter.defaultValue ?? '';
  return values;
}

export type ExportQueryCheck = { ok: true; params: Record<string, string> } | { ok: false; errors: Record<string, string> };

/**
 * The query string of a download, checked with the route's own schema first: a link the server
 * would answer 400 to would otherwise download an error body as a file.
 */
export function checkExportQuery(kind: ExportKind, values: ExportFilterValues): ExportQueryCheck {
  const params: Record<string, string> = {};
  for (const filter of EXPORT_FILTERS[kind]) {
    // A number input's v-model hands over a number, not text.
    const raw: unknown = values[filter.name];
    const value = raw === undefined || raw === null ? '' : String(raw).trim();
    if (value !== '') params[filter.name] = value;
  }
  const parsed = EXPORT_QUERY_SCHEMAS[kind].safeParse(params);
  if (parsed.success) return { ok: true, params };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? '');
    errors[name] ??= issue.message;
  }
  return { ok: false, errors };
}
