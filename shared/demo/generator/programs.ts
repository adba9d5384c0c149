import type { FundProgram } from '../../domain/fundProgram';
import { formatFenGrouped, MAX_FEN } from '../../money';
import { departmentName, departmentPhone, SUPERVISE_PHONE } from './departments';
import { DocumentNumbers, documentsFor } from './programDocuments';
import { PROGRAM_CATALOG, type ProgramDefinition } from './programCatalog';
import { progressAsOf, scheduleFor, type ProgramSchedule } from './programTimeline';
import { SeededRandom } from './random';
import { DemoOptionsError } from './optionsError';

/** One program in one year, with what the row generator needs beyond the published record. */
export interface ProgramYear {
  /** 0-based, in file order (year, then catalog order): hashed into per-row decisions. */
  index: number;
  def: ProgramDefinition;
  year: number;
  rateFen: number;
  schedule: ProgramSchedule;
  program: FundProgram;
}

export type ProgramYearDraft = Omit<ProgramYear, 'program'> & { program: Omit<FundProgram, 'budgetFen' | 'sources'> };

export function draftProgramYears(seed: number, firstYear: number, lastYear: number, dataAsOf: string): ProgramYearDraft[] {
  const numbers = new DocumentNumbers();
  const drafts: ProgramYearDraft[] = [];
  for (let year = firstYear; year <= lastYear; year++) {
    PROGRAM_CATALOG.forEach((def, d) => {
      if (!def.active(year, seed)) return;
      const rng = SeededRandom.forPart(seed, 'program', d, year);
      const rateFen = def.rateFen(year, seed);
      const schedule = scheduleFor(def, year, rng);
      const progress = progressAsOf(schedule, dataAsOf);
      drafts.push({
        index: drafts.length,
        def,
        year,
        rateFen,
        schedule,
        program: {
          id: `${def.code}-${year}`,
          code: def.code,
          year,
          name: def.name,
          category: def.category,
          department: departmentName(def.department),
          rateFen,
          unit: def.unit,
          eligibility: def.eligibility,
          documents: documentsFor(def, year, rateFen, schedule, rng, numbers),
          stages: progress.stages,
          noticeFrom: schedule.noticeFrom,
          noticeTo: schedule.noticeTo,
          consultPhone: departmentPhone(def.department),
          supervisePhone: SUPERVISE_PHONE,
          status: progress.status,
        },
      });
    });
  }
  return drafts;
}

/**
 * The budget covers everything due in the county with a small reserve (rounded up to 100 yuan),
 * split by level in the program's shares; the county level takes the rounding so it adds up.
 */
export function withBudget(draft: ProgramYearDraft, dueFen: number, rng: SeededRandom): ProgramYear {
  const reserve = Math.floor(dueFen * rng.int(0, 30) / 1000);
  const budgetFen = Math.max(10_000, Math.ceil((dueFen + reserve) / 10_000) * 10_000);
  if (budgetFen > MAX_FEN) {
    throw new DemoOptionsError(
      `${draft.program.id} would need a budget of ${formatFenGrouped(budgetFen)} yuan, more than a field can hold ` +
        `(${formatFenGrouped(MAX_FEN)}); use fewer households or an earlier last year`,
    );
  }
  const [central, province, city] = draft.def.shares.map((pct) => Math.floor((budgetFen * pct) / 100)) as [number, number, number];
  const county = budgetFen - central - province - city;
  const { id, code, year, name, category, department, ...rest } = draft.program;
  // Key order follows the schema so programs.json reads top-down.
  const program: FundProgram = { id, code, year, name, category, department, sources: { central, province, city, county }, budgetFen, ...rest };
  return { ...draft, program };
}
