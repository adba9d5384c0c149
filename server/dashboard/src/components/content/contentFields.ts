import { CONTENT_STREAMS, type ContentStream } from '../../../../../shared/dashboard/content';
import { PROGRAM_CATEGORIES, QUANTITY_UNITS, STAGE_KINDS } from '../../../../../shared/domain/fundProgram';
import { PROJECT_CATEGORIES } from '../../../../../shared/domain/villageProject';

/**
 * What each content stream's edit form shows, as data: one generic form renders every stream, so
 * a field added to a domain schema needs one line here, and labels come from the locale files
 * (`content.fields.<stream>.<path>`).
 */
export type ContentStreamName = ContentStream;

export function isContentStream(value: unknown): value is ContentStreamName {
  return typeof value === 'string' && (CONTENT_STREAMS as readonly string[]).includes(value);
}

export type ScalarKind = 'text' | 'textarea' | 'int' | 'fen' | 'date' | 'nullableDate' | 'select' | 'bool' | 'village' | 'nullableVillage';

export interface ScalarField {
  kind: ScalarKind;
  /** Property name in the stream's domain object (or in a list item). */
  path: string;
  /** For 'select': the allowed values and the locale group that names them (`content.options.<group>.<value>`). */
  options?: readonly string[];
  optionGroup?: string;
  /** Part of the item's key: shown but not editable once the item exists. */
  key?: boolean;
}

export interface ListField {
  kind: 'list';
  path: string;
  itemFields: readonly ScalarField[];
  blankItem: () => Record<string, unknown>;
}

export type ContentField = ScalarField | ListField;

/** One stored item as the list shows it (the value already parsed with its stream's schema). */
export interface ContentRow {
  key: string;
  villageCode: string | null;
  value: Record<string, unknown>;
  updatedAt: string;
}

const PROGRAM_STATUSES = ['planned', 'notice', 'paying', 'completed'] as const;
const NOTICE_CATEGORIES = ['funds', 'policy', 'service', 'village'] as const;
const ACCEPTANCE = ['notStarted', 'pending', 'passed', 'failed'] as const;
const HOLIDAY_KINDS = ['off', 'workday'] as const;

export const CONTENT_FIELDS: Record<ContentStreamName, readonly ContentField[]> = {
  program: [
    { kind: 'text', path: 'id', key: true },
    { kind: 'text', path: 'code', key: true },
    { kind: 'int', path: 'year', key: true },
    { kind: 'text', path: 'name' },
    { kind: 'text', path: 'department' },
    { kind: 'select', path: 'category', options: PROGRAM_CATEGORIES, optionGroup: 'programCategory' },
    { kind: 'select', path: 'status', options: PROGRAM_STATUSES, optionGroup: 'programStatus' },
    { kind: 'date', path: 'noticeFrom' },
    { kind: 'date', path: 'noticeTo' },
    { kind: 'text', path: 'consultPhone' },
    { kind: 'text', path: 'supervisePhone' },
    { kind: 'fen', path: 'budgetFen' },
    { kind: 'fen', path: 'sources.central' },
    { kind: 'fen', path: 'sources.province' },
    { kind: 'fen', path: 'sources.city' },
    { kind: 'fen', path: 'sources.county' },
    { kind: 'fen', path: 'rateFen' },
    { kind: 'select', path: 'unit', options: QUANTITY_UNITS, optionGroup: 'unit' },
    { kind: 'textarea', path: 'eligibility' },
    {
      kind: 'list',
      path: 'documents',
      itemFields: [
        { kind: 'text', path: 'docNo' },
        { kind: 'text', path: 'title' },
        { kind: 'text', path: 'issuer' },
        { kind: 'date', path: 'date' },
        { kind: 'textarea', path: 'summary' },
      ],
      blankItem: () => ({ docNo: '', title: '', issuer: '', date: '', summary: '' }),
    },
    {
      kind: 'list',
      path: 'stages',
      itemFields: [
        { kind: 'select', path: 'kind', options: STAGE_KINDS, optionGroup: 'stageKind' },
        { kind: 'date', path: 'date' },
        { kind: 'text', path: 'note' },
      ],
      blankItem: () => ({ kind: 'plan', date: '', note: '' }),
    },
  ],
  project: [
    { kind: 'text', path: 'id', key: true },
    { kind: 'village', path: 'villageCode' },
    { kind: 'int', path: 'year' },
    { kind: 'text', path: 'name' },
    { kind: 'select', path: 'category', options: PROJECT_CATEGORIES, optionGroup: 'projectCategory' },
    { kind: 'text', path: 'fundingSource' },
    { kind: 'fen', path: 'budgetFen' },
    { kind: 'fen', path: 'spentFen' },
    { kind: 'text', path: 'contractor' },
    { kind: 'date', path: 'startDate' },
    { kind: 'nullableDate', path: 'endDate' },
    { kind: 'int', path: 'progressPct' },
    { kind: 'select', path: 'acceptance', options: ACCEPTANCE, optionGroup: 'acceptance' },
    { kind: 'nullableDate', path: 'acceptanceDate' },
    { kind: 'textarea', path: 'description' },
  ],
  notice: [
    { kind: 'text', path: 'id', key: true },
    { kind: 'nullableVillage', path: 'villageCode' },
    { kind: 'select', path: 'category', options: NOTICE_CATEGORIES, optionGroup: 'noticeCategory' },
    { kind: 'text', path: 'title' },
    { kind: 'date', path: 'publishedOn' },
    { kind: 'textarea', path: 'body' },
  ],
  serviceItem: [
    { kind: 'text', path: 'code', key: true },
    { kind: 'text', path: 'name' },
    { kind: 'text', path: 'department' },
    { kind: 'int', path: 'promisedDays' },
    { kind: 'fen', path: 'feeFen' },
    { kind: 'text', path: 'legalBasis' },
    { kind: 'textarea', path: 'description' },
    {
      kind: 'list',
      path: 'materials',
      itemFields: [
        { kind: 'text', path: 'name' },
        { kind: 'int', path: 'copies' },
        { kind: 'bool', path: 'original' },
        { kind: 'text', path: 'note' },
      ],
      blankItem: () => ({ name: '', copies: 1, original: false, note: '' }),
    },
  ],
  holiday: [
    { kind: 'date', path: 'date', key: true },
    { kind: 'text', path: 'name' },
    { kind: 'select', path: 'kind', options: HOLIDAY_KINDS, optionGroup: 'holidayKind' },
  ],
};

/** A new item's starting values: valid shapes with empty text, so the schema names what is missing. */
export function blankContentItem(stream: ContentStreamName, today: string): Record<string, unknown> {
  switch (stream) {
    case 'program':
      return {
        id: '', code: '', year: Number(today.slice(0, 4)), name: '', department: '', category: 'planting', status: 'planned',
        noticeFrom: today, noticeTo: today, consultPhone: '', supervisePhone: '', budgetFen: 0,
        sources: { central: 0, province: 0, city: 0, county: 0 }, rateFen: 0, unit: 'mu', eligibility: '',
        documents: [{ docNo: '', title: '', issuer: '', date: today, summary: '' }], stages: [],
      };
    case 'project':
      return {
        id: '', villageCode: '', year: Number(today.slice(0, 4)), name: '', category: 'road', fundingSource: '', budgetFen: 0,
        spentFen: 0, contractor: '', startDate: today, endDate: null, progressPct: 0, acceptance: 'notStarted', acceptanceDate: null,
        description: '',
      };
    case 'notice':
      return { id: '', villageCode: null, category: 'policy', title: '', body: '', publishedOn: today };
    case 'serviceItem':
      return {
        code: '', name: '', department: '', promisedDays: 20, feeFen: 0, legalBasis: '', description: '',
        materials: [{ name: '', copies: 1, original: false, note: '' }],
      };
    case 'holiday':
      return { date: today, name: '', kind: 'off' };
  }
}

/** The key the server files an item under (the same key the kiosk's pull stream uses). */
export function contentItemKey(stream: ContentStreamName, item: Record<string, unknown>): string {
  const field = stream === 'serviceItem' ? 'code' : stream === 'holiday' ? 'date' : 'id';
  const value = item[field];
  return typeof value === 'string' ? value : '';
}

export function readPath(target: Record<string, unknown>, path: string): unknown {
  let value: unknown = target;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export function writePath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  const last = parts.pop();
  if (last === undefined) return;
  let holder: Record<string, unknown> = target;
  for (const part of parts) {
    const next = holder[part];
    if (next === null || typeof next !== 'object') holder[part] = {};
    holder = holder[part] as Record<string, unknown>;
  }
  holder[last] = value;
}
