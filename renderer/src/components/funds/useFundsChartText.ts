import { computed, type ComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { yuan } from '../../lib/format';
import { useRootFontPx } from './useRootFontPx';

export interface FundsChartText {
  /** The root font size in px: charts draw their text at the size the resident chose. */
  fontPx: ComputedRef<number>;
  compactMoney: ComputedRef<(fen: number) => string>;
  exactMoney: ComputedRef<(fen: number) => string>;
}

/** Font size and money wording shared by the fund charts, following the text-size switch and the language. */
export function useFundsChartText(): FundsChartText {
  const { t, locale } = useI18n();
  const fontPx = useRootFontPx();
  const compactMoney = computed(() => {
    // Below ten thousand yuan the compact form would keep a pointless decimal ("1614.6").
    const large = new Intl.NumberFormat(locale.value, { notation: 'compact', maximumFractionDigits: 1 });
    const small = new Intl.NumberFormat(locale.value, { notation: 'compact', maximumFractionDigits: 0 });
    return (fen: number) => (Math.abs(fen) >= 1_000_000 ? large : small).format(fen / 100);
  });
  const exactMoney = computed(() => {
    void locale.value;
    return (fen: number) => t('common.yuan', { amount: yuan(fen) });
  });
  return { fontPx, compactMoney, exactMoney };
}
