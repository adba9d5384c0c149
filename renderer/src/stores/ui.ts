import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { DEFAULT_LOCALE, setLocale, type KioskLocale } from '../i18n';

export const TEXT_SIZES = ['normal', 'large', 'xlarge'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

/** Session and presentation state of the kiosk. Nothing here is persisted: every resident starts fresh. */
export const useUiStore = defineStore('ui', () => {
  const locale = ref<KioskLocale>(DEFAULT_LOCALE);
  const textSize = ref<TextSize>('normal');

  watch(locale, (value) => setLocale(value), { immediate: true });
  watch(
    textSize,
    (value) => {
      document.documentElement.dataset.textSize = value;
    },
    { immediate: true },
  );

  function toggleLocale(): void {
    locale.value = locale.value === 'zh-CN' ? 'en' : 'zh-CN';
  }

  function cycleTextSize(): void {
    const next = TEXT_SIZES[(TEXT_SIZES.indexOf(textSize.value) + 1) % TEXT_SIZES.length];
    textSize.value = next ?? 'normal';
  }

  /** Called when a resident walks away (idle timeout): the next one sees the defaults. */
  function resetForNextResident(): void {
    locale.value = DEFAULT_LOCALE;
    textSize.value = 'normal';
  }

  return { locale, textSize, toggleLocale, cycleTextSize, resetForNextResident };
});
