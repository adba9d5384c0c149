import type { KioskDatabase, StoredHousehold } from '../db/schema';
import { findHouseholdsByFullId, findHouseholdsByIdLast4, findHouseholdsByInitials, findHouseholdsByNumber } from '../db/queries/households';

export const SEARCH_MODES = ['name', 'number', 'id', 'card'] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];

/** What each keypad accepts: the search runs only on input that fits. */
export const SEARCH_INPUT_RULES: Record<Exclude<SearchMode, 'card'>, { minLength: number; maxLength: number; pattern: RegExp }> = {
  name: { minLength: 2, maxLength: 4, pattern: /^[A-HJ-TW-Z]{2,4}$/ },
  number: { minLength: 6, maxLength: 6, pattern: /^\d{6}$/ },
  id: { minLength: 4, maxLength: 4, pattern: /^\d{3}[\dX]$/ },
};

export function isSearchMode(value: unknown): value is SearchMode {
  return typeof value === 'string' && (SEARCH_MODES as readonly string[]).includes(value);
}

export function inputFits(mode: SearchMode, input: string): boolean {
  if (mode === 'card') return /^\d{17}[\dX]$/.test(input);
  return SEARCH_INPUT_RULES[mode].pattern.test(input);
}

/** Runs the lookup a mode stands for; input must already fit. */
export function searchHouseholds(db: KioskDatabase, mode: SearchMode, input: string): Promise<StoredHousehold[]> {
  switch (mode) {
    case 'name':
      return findHouseholdsByInitials(db, input);
    case 'number':
      return findHouseholdsByNumber(db, input);
    case 'id':
      return findHouseholdsByIdLast4(db, input);
    case 'card':
      return findHouseholdsByFullId(db, input);
  }
}
