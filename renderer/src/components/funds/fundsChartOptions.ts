import type { BarSeriesOption } from 'echarts/charts';
import type { AriaComponentOption, GridComponentOption, LegendComponentOption, TitleComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { FundProgram } from '../../../../shared/domain/fundProgram';
import type { ProgramSummary } from '../../db/schema';

export type FundsChartOption = ComposeOption<
  BarSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption | AriaComponentOption | TitleComponentOption
>;

// Bar fills keep ≥ 3:1 against white (WCAG non-text contrast); "paid" is the same green everywhere.
export const CHART_COLORS = { budget: '#0b4f9c', due: '#4a5a70', paid: '#156b35', ink: '#111418', grid: '#8a93a3' } as const;

export interface BudgetChartRow {
  programId: string;
  name: string;
  budgetFen: number;
  paidFen: number;
  rows: number;
}

export interface YearChartRow {
  year: number;
  dueFen: number;
  paidFen: number;
}

/** One row per program, in the programs' order; a program without a summary yet counts as nothing paid. */
export function budgetChartRows(programs: readonly FundProgram[], summaries: readonly ProgramSummary[]): BudgetChartRow[] {
  const byId = new Map(summaries.map((s) => [s.programId, s]));
  return programs.map((p) => {
    const summary = byId.get(p.id);
    return { programId: p.id, name: p.name, budgetFen: p.budgetFen, paidFen: summary?.paidFen ?? 0, rows: summary?.rows ?? 0 };
  });
}

/** Due and paid in the kiosk's scope per year, oldest first, for the given programs only. */
export function yearChartRows(programs: readonly FundProgram[], summaries: readonly ProgramSummary[]): YearChartRow[] {
  const wanted = new Set(programs.map((p) => p.id));
  const byYear = new Map<number, YearChartRow>();
  for (const p of programs) if (!byYear.has(p.year)) byYear.set(p.year, { year: p.year, dueFen: 0, paidFen: 0 });
  for (const s of summaries) {
    if (!wanted.has(s.programId)) continue;
    const row = byYear.get(s.year) ?? { year: s.year, dueFen: 0, paidFen: 0 };
    row.dueFen += s.dueFen;
    row.paidFen += s.paidFen;
    byYear.set(s.year, row);
  }
  return Array.from(byYear.values()).sort((a, b) => a.year - b.year);
}

export interface ChartText {
  /** Base font size in px (follows the kiosk's text-size switch). */
  fontPx: number;
  /** Short money text for axes and bar labels, e.g. "5230万". Input is fen. */
  compactMoney: (fen: number) => string;
  /** Exact money text for tooltips, e.g. "52,300,000.00 元". Input is fen. */
  exactMoney: (fen: number) => string;
  /** Spoken and aria description of the whole chart. */
  description: string;
}

function textStyle(fontPx: number) {
  return { color: CHART_COLORS.ink, fontSize: Math.max(16, Math.round(fontPx * 0.9)) };
}

function baseOption(text: ChartText): FundsChartOption {
  return {
    animation: false,
    aria: { enabled: true, label: { description: text.description } },
    textStyle: textStyle(text.fontPx),
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      textStyle: textStyle(text.fontPx),
      valueFormatter: (value) => (typeof value === 'number' ? text.exactMoney(value) : String(value ?? '')),
    },
  };
}

/** Pixel height that gives each program a bar pair a finger can tap. */
export function budgetChartHeight(rowCount: number, fontPx: number): number {
  return Math.max(4, rowCount) * Math.round(fontPx * 2.6) + Math.round(fontPx * 6);
}

/**
 * The county budget (whole county) and the amount paid in the kiosk's scope differ by orders of
 * magnitude, so they are drawn as two panels with their own scales rather than side-by-side bars
 * that would make the scope's payments invisible.
 */
export function budgetChartOption(rows: readonly BudgetChartRow[], labels: { budget: string; paid: string }, text: ChartText): FundsChartOption {
  const names = rows.map((r) => r.name);
  const style = textStyle(text.fontPx);
  const top = Math.round(text.fontPx * 2.8);
  const bottom = Math.round(text.fontPx * 2);
  const categoryAxis = (gridIndex: number, showLabels: boolean) => ({
    type: 'category' as const,
    gridIndex,
    data: names,
    inverse: true,
    axisTick: { show: false },
    axisLine: { lineStyle: { color: CHART_COLORS.grid } },
    axisLabel: { show: showLabels, ...style, width: text.fontPx * 9, overflow: 'break' as const },
  });
  const valueAxis = (gridIndex: number) => ({
    type: 'value' as const,
    gridIndex,
    // Room after the longest bar for its value label, so it never runs into the next panel.
    boundaryGap: [0, '22%'] as [number, string],
    axisLabel: { ...style, formatter: (value: number) => text.compactMoney(value), hideOverlap: true },
    splitLine: { lineStyle: { color: '#d5d9e0' } },
  });
  const barLabel = { show: true, position: 'right' as const, ...style, formatter: (p: { value: unknown }) => text.compactMoney(Number(p.value)) };
  return {
    ...baseOption(text),
    title: [
      { text: labels.budget, left: 0, top: 0, textStyle: { ...style, fontWeight: 'bold' } },
      { text: labels.paid, left: '56%', top: 0, textStyle: { ...style, fontWeight: 'bold' } },
    ],
    grid: [
      { left: 0, right: '48%', top, bottom },
      { left: '56%', right: Math.round(text.fontPx * 4), top, bottom },
    ],
    yAxis: [categoryAxis(0, true), categoryAxis(1, false)],
    xAxis: [valueAxis(0), valueAxis(1)],
    series: [
      { type: 'bar', name: labels.budget, xAxisIndex: 0, yAxisIndex: 0, data: rows.map((r) => r.budgetFen), itemStyle: { color: CHART_COLORS.budget }, label: barLabel, barMaxWidth: text.fontPx * 1.6 },
      { type: 'bar', name: labels.paid, xAxisIndex: 1, yAxisIndex: 1, data: rows.map((r) => r.paidFen), itemStyle: { color: CHART_COLORS.paid }, label: barLabel, barMaxWidth: text.fontPx * 1.6 },
    ],
  };
}

/** Due and paid per year on one scale: both are amounts for the same households, so they compare directly. */
export function yearsChartOption(rows: readonly YearChartRow[], labels: { due: string; paid: string }, text: ChartText): FundsChartOption {
  const style = textStyle(text.fontPx);
  return {
    ...baseOption(text),
    legend: { top: 0, textStyle: style, itemWidth: text.fontPx * 1.4, itemHeight: text.fontPx * 0.8 },
    grid: { left: 0, right: Math.round(text.fontPx), top: Math.round(text.fontPx * 2.8), bottom: Math.round(text.fontPx * 0.5) },
    xAxis: { type: 'category', data: rows.map((r) => String(r.year)), axisLabel: style, axisLine: { lineStyle: { color: CHART_COLORS.grid } } },
    yAxis: { type: 'value', axisLabel: { ...style, formatter: (value: number) => text.compactMoney(value) }, splitLine: { lineStyle: { color: '#d5d9e0' } } },
    series: [
      { type: 'bar', name: labels.due, data: rows.map((r) => r.dueFen), itemStyle: { color: CHART_COLORS.due }, barMaxWidth: text.fontPx * 1.6 },
      { type: 'bar', name: labels.paid, data: rows.map((r) => r.paidFen), itemStyle: { color: CHART_COLORS.paid }, barMaxWidth: text.fontPx * 1.6 },
    ],
  };
}
