import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN/index';
import en from './en/index';

export const SUPPORTED_LOCALES = ['zh-CN', 'en'] as const;
export type KioskLocale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: KioskLocale = 'zh-CN';

export type MessageSchema = typeof zhCN;

export const i18n = createI18n<[MessageSchema], KioskLocale, false>({
  legacy: false,
  locale: DEFAULT_LOCALE,
  fallbackLocale: DEFAULT_LOCALE,
  messages: { 'zh-CN': zhCN, en },
});

export function setLocale(locale: KioskLocale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
}
