import { pinyin } from 'pinyin-pro';
import type { Disbursement } from '../../../../shared/domain/disbursement';
import { idLastFour } from '../../../../shared/privacy/masking';
import type { StoredHousehold } from '../schema';

/**
 * 王小华 → WXH. The first character is read as a surname (曾 Zēng, 单 Shàn, 解 Xiè), which is
 * how a resident would type it; anything that is not a letter (· in 买买提·艾力) is dropped.
 */
export function nameInitials(name: string): string {
  const letters = pinyin(name.trim(), { pattern: 'first', toneType: 'none', type: 'array', surname: 'head' });
  return letters.join('').toUpperCase().replace(/[^A-Z]/g, '');
}

/** What decides whether a line names a household's head: the line that named it so far. */
export interface HeadLine {
  year: number;
  headName: string;
  idMasked: string;
}

/**
 * The newest year's line names the head; among lines of one year the later one wins, unless it
 * says the same. Shared by the folder import and the county sync so both build the same household.
 */
export function lineNamesHead(known: HeadLine | undefined, row: Disbursement): boolean {
  if (!known) return true;
  if (known.year > row.year) return false;
  return !(known.year === row.year && known.headName === row.headName && known.idMasked === row.idMasked);
}

/** The household record a line describes; `initials` is passed in so callers can cache pinyin. */
export function householdFromLine(key: string, row: Disbursement, initials: string): StoredHousehold {
  return {
    key,
    townshipCode: row.townshipCode,
    villageCode: row.villageCode,
    group: row.group,
    householdNo: row.householdNo,
    headName: row.headName,
    initials,
    idMasked: row.idMasked,
    idLast4: idLastFour(row.idMasked),
    headYear: row.year,
  };
}

/** Pinyin is the slow part of a household: one name is converted once. */
export class InitialsCache {
  private readonly byName = new Map<string, string>();

  of(name: string): string {
    let initials = this.byName.get(name);
    if (initials === undefined) {
      initials = nameInitials(name);
      this.byName.set(name, initials);
    }
    return initials;
  }
}

/** Builds one record per household from its disbursement lines; the head named on the newest year's line wins. */
export class HouseholdCollector {
  private readonly households = new Map<string, { household: StoredHousehold; line: HeadLine }>();
  private readonly initials = new InitialsCache();

  add(key: string, row: Disbursement): void {
    if (!lineNamesHead(this.households.get(key)?.line, row)) return;
    this.households.set(key, {
      line: { year: row.year, headName: row.headName, idMasked: row.idMasked },
      household: householdFromLine(key, row, this.initials.of(row.headName)),
    });
  }

  get size(): number {
    return this.households.size;
  }

  values(): StoredHousehold[] {
    return Array.from(this.households.values(), (h) => h.household);
  }
}
