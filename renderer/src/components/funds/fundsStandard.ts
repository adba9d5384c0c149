import type { FundProgram } from '../../../../shared/domain/fundProgram';
import { yuan } from '../../lib/format';

type Translate = (key: string, values: Record<string, unknown>) => string;

/** "95.00 元/亩" — the program's rate per unit, worded for the current language. */
export function standardText(t: Translate, program: Pick<FundProgram, 'rateFen' | 'unit'>): string {
  return t('programs.standardValue', { amount: yuan(program.rateFen), unit: t(`common.units.${program.unit}`, {}) });
}
