import type { FundProgram, ProgramCategory } from '../../../../shared/domain/fundProgram';
import { maskPersonName } from '../../../../shared/privacy/masking';
import type { GroupTotals, KioskDatabase, ProgramSummary, StoredDisbursement } from '../schema';

/** Largest beneficiary page served at once: a virtual list asks for what is on screen. */
export const MAX_BENEFICIARY_PAGE = 1_000;

/** A beneficiary-list line: on a browse list the head's name is shown as surname + * only. */
export type BeneficiaryRow = Omit<StoredDisbursement, 'headName'> & { headNameMasked: string };

function byYearDescThenId<T extends { year: number }>(idOf: (item: T) => string) {
  return (a: T, b: T) => b.year - a.year || idOf(a).localeCompare(idOf(b));
}

/** The years that have programs, newest first. */
export async function listProgramYears(db: KioskDatabase): Promise<number[]> {
  const years = (await db.programs.orderBy('year').uniqueKeys()) as number[];
  return years.reverse();
}

/** Programs, newest year first, filtered by year and category. */
export async function listPrograms(db: KioskDatabase, filter: { year?: number; category?: ProgramCategory } = {}): Promise<FundProgram[]> {
  const { year, category } = filter;
  const candidates =
    year !== undefined
      ? db.programs.where('year').equals(year)
      : category !== undefined
        ? db.programs.where('category').equals(category)
        : db.programs.toCollection();
  const programs = await candidates.toArray();
  return programs.filter((p) => category === undefined || p.category === category).sort(byYearDescThenId((p) => p.id));
}

export function getProgram(db: KioskDatabase, id: string): Promise<FundProgram | undefined> {
  return db.programs.get(id);
}

export async function listProgramSummaries(db: KioskDatabase, filter: { year?: number } = {}): Promise<ProgramSummary[]> {
  const summaries = filter.year !== undefined ? await db.programSummaries.where('year').equals(filter.year).toArray() : await db.programSummaries.toArray();
  return summaries.sort(byYearDescThenId((s) => s.programId));
}

export function getProgramSummary(db: KioskDatabase, programId: string): Promise<ProgramSummary | undefined> {
  return db.programSummaries.get(programId);
}

/** A summary's group totals ordered by village, then group number. */
export function listGroupTotals(summary: ProgramSummary): GroupTotals[] {
  return Object.values(summary.byGroup).sort((a, b) => a.villageCode.localeCompare(b.villageCode) || a.group - b.group);
}

/**
 * Rows [startRank, startRank + count) of a program's beneficiary list, read as one index range:
 * the cost does not grow with how far down the list the resident has scrolled.
 */
export async function getBeneficiaryPage(db: KioskDatabase, programId: string, startRank: number, count: number): Promise<BeneficiaryRow[]> {
  const start = Math.max(0, Math.floor(startRank));
  const size = Math.min(MAX_BENEFICIARY_PAGE, Math.max(0, Math.floor(count)));
  if (!Number.isFinite(start) || !Number.isFinite(size) || size === 0) return [];
  const rows = await db.disbursements.where('[programId+rank]').between([programId, start], [programId, start + size], true, false).toArray();
  return rows.map(({ headName, ...rest }) => ({ ...rest, headNameMasked: maskPersonName(headName) }));
}
