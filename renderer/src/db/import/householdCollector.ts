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

/** Builds one record per household from its disbursement lines; the head named on the newest year's line wins. */
export class HouseholdCollector {
  private readonly households = new Map<string, { household: StoredHousehold; year: number }>();
  private readonly initialsByName = new Map<string, string>();

  add(key: string, row: Disbursement): void {
    const known = this.households.get(key);
    if (known && known.year > row.year) return;
    if (known && known.year === row.year && known.household.headName === row.headName && known.household.idMasked === row.idMasked) return;
    this.households.set(key, {
      year: row.year,
      household: {
        key,
        townshipCode: row.townshipCode,
        villageCode: row.villageCode,
        group: row.group,
        householdNo: row.householdNo,
        headName: row.headName,
        initials: this.initialsOf(row.headName),
        idMasked: row.idMasked,
        idLast4: idLastFour(row.idMasked),
      },
    });
  }

  get size(): number {
    return this.households.size;
  }

  values(): StoredHousehold[] {
    return Array.from(this.households.values(), (h) => h.household);
  }

  private initialsOf(name: string): string {
    let initials = this.initialsByName.get(name);
    if (initials === undefined) {
      initials = nameInitials(name);
      this.initialsByName.set(name, initials);
    }
    return initials;
  }
}
