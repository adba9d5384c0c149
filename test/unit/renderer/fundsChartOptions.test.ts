import { describe, expect, it } from 'vitest';
import type { FundProgram } from '../../../shared/domain/fundProgram';
import type { ProgramSummary } from '../../../renderer/src/db/schema';
import { budgetChartOption, budgetChartRows, yearChartRows, yearsChartOption, type ChartText } from '../../../renderer/src/components/funds/fundsChartOptions';

function program(id: string, year: number, budgetFen: number): FundProgram {
  const code = id.split('-')[0] ?? id;
  return {
    id, code, year, name: `项目${id}`, category: 'grain', department: '县农业农村局',
    sources: { central: budgetFen, province: 0, city: 0, county: 0 }, budgetFen, rateFen: 9_500, unit: 'mu',
    eligibility: '', documents: [{ docNo: '皖财农〔2024〕12号', title: 't', issuer: 'i', date: '2024-01-01', summary: '' }],
    stages: [], noticeFrom: '2024-01-01', noticeTo: '2024-01-08', consultPhone: '0551-1234567', supervisePhone: '12345', status: 'completed',
  };
}
function summary(programId: string, year: number, dueFen: number, paidFen: number): ProgramSummary {
  return { programId, year, rows: 3, dueFen, paidFen, paid: 3, pending: 0, failed: 0, returned: 0, byGroup: {} };
}
const text: ChartText = { fontPx: 20, compactMoney: (fen) => `${fen / 100}`, exactMoney: (fen) => `${fen / 100} 元`, description: 'desc' };

describe('fund chart data', () => {
  it('pairs each program budget with what its summary says was paid, zero when there is no summary yet', () => {
    const rows = budgetChartRows([program('GDLB-2024', 2024, 500_000_00), program('NJBT-2024', 2024, 80_000_00)], [summary('GDLB-2024', 2024, 12_000, 11_000)]);
    expect(rows).toEqual([
      { programId: 'GDLB-2024', name: '项目GDLB-2024', budgetFen: 500_000_00, paidFen: 11_000, rows: 3 },
      { programId: 'NJBT-2024', name: '项目NJBT-2024', budgetFen: 80_000_00, paidFen: 0, rows: 0 },
    ]);
  });

  it('adds up due and paid by year for the chosen programs only, oldest year first, keeping empty years', () => {
    const programs = [program('GDLB-2023', 2023, 1), program('GDLB-2024', 2024, 1), program('GDLB-2022', 2022, 1)];
    const summaries = [summary('GDLB-2024', 2024, 300, 200), summary('GDLB-2023', 2023, 100, 100), summary('NJBT-2024', 2024, 9_999, 9_999)];
    expect(yearChartRows(programs, summaries)).toEqual([
      { year: 2022, dueFen: 0, paidFen: 0 },
      { year: 2023, dueFen: 100, paidFen: 100 },
      { year: 2024, dueFen: 300, paidFen: 200 },
    ]);
  });

  it('draws budget and paid on separate scales and gives the chart its description', () => {
    const option = budgetChartOption([{ programId: 'A-2024', name: 'A', budgetFen: 100, paidFen: 7, rows: 1 }], { budget: 'B', paid: 'P' }, text);
    expect(option.aria).toMatchObject({ enabled: true, label: { description: 'desc' } });
    const series = option.series as { data: number[]; xAxisIndex: number }[];
    expect(series.map((s) => [s.xAxisIndex, s.data])).toEqual([[0, [100]], [1, [7]]]);
    expect(option.animation).toBe(false);
  });

  it('draws due and paid per year in fen, on one scale', () => {
    const option = yearsChartOption([{ year: 2023, dueFen: 100, paidFen: 90 }], { due: 'D', paid: 'P' }, text);
    expect((option.xAxis as { data: string[] }).data).toEqual(['2023']);
    expect((option.series as { name: string; data: number[] }[]).map((s) => [s.name, s.data])).toEqual([['D', [100]], ['P', [90]]]);
  });
});
