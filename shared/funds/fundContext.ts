import type { FundProgram } from '../domain/fundProgram';

export interface FundVillage {
  code: string;
  name: string;
  townshipCode: string;
  townshipName: string;
}

/** "东风村" and "东风" name the same village on different lists; "东风村委会" too. */
function villageKey(name: string): string {
  return name.replace(/[\s\u3000]+/g, '').replace(/(村委会|村民委员会|社区|村)$/, '');
}

function plain(name: string): string {
  return name.replace(/[\s\u3000]+/g, '');
}

/**
 * What a file is read against: the county's current programs and villages. `programId` fixes
 * the program for a list that has no program column (chosen when uploading).
 */
export class FundImportContext {
  private readonly programsById = new Map<string, FundProgram>();
  private readonly programsByName = new Map<string, FundProgram[]>();
  private readonly villagesByCode = new Map<string, FundVillage>();
  private readonly villagesByName = new Map<string, FundVillage[]>();
  readonly fixedProgram: FundProgram | null;

  constructor(villages: readonly FundVillage[], programs: readonly FundProgram[], programId?: string) {
    for (const p of programs) {
      this.programsById.set(p.id, p);
      const list = this.programsByName.get(plain(p.name)) ?? [];
      list.push(p);
      this.programsByName.set(plain(p.name), list);
    }
    for (const v of villages) {
      this.villagesByCode.set(v.code, v);
      const list = this.villagesByName.get(villageKey(v.name)) ?? [];
      list.push(v);
      this.villagesByName.set(villageKey(v.name), list);
    }
    this.fixedProgram = programId === undefined ? null : (this.programsById.get(programId) ?? null);
    if (programId !== undefined && this.fixedProgram === null) throw new RangeError(`program ${programId} does not exist`);
  }

  programById(id: string): FundProgram | undefined {
    return this.programsById.get(id);
  }

  /** Programs with this name, any year (a name recurs every year). */
  programsNamed(name: string): readonly FundProgram[] {
    return this.programsByName.get(plain(name)) ?? [];
  }

  village(code: string): FundVillage | undefined {
    return this.villagesByCode.get(code);
  }

  /** Villages with this name, in the given township when one is named. */
  villagesNamed(name: string, townshipName: string): FundVillage[] {
    const all = this.villagesByName.get(villageKey(name)) ?? [];
    if (townshipName === '') return all;
    const township = plain(townshipName);
    return all.filter((v) => plain(v.townshipName) === township || plain(v.townshipName).replace(/(镇|乡)$/, '') === township.replace(/(镇|乡)$/, ''));
  }
}
