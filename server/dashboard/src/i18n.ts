import { createI18n } from 'vue-i18n';
import zhCommon from './locales/zh-CN/common';
import zhOverview from './locales/zh-CN/overview';
import zhCases from './locales/zh-CN/cases';
import zhFeedback from './locales/zh-CN/feedback';
import zhFunds from './locales/zh-CN/funds';
import zhContent from './locales/zh-CN/content';
import zhExports from './locales/zh-CN/exports';
import zhDevices from './locales/zh-CN/devices';
import zhUpdates from './locales/zh-CN/updates';
import enCommon from './locales/en/common';
import enOverview from './locales/en/overview';
import enCases from './locales/en/cases';
import enFeedback from './locales/en/feedback';
import enFunds from './locales/en/funds';
import enContent from './locales/en/content';
import enExports from './locales/en/exports';
import enDevices from './locales/en/devices';
import enUpdates from './locales/en/updates';

export const SUPPORTED_LOCALES = ['zh-CN', 'en'] as const;
export type DashboardLocale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: DashboardLocale = 'zh-CN';
const STORAGE_KEY = 'dashboard-locale';

// One namespace per area, so each owner edits only its own files: t('cases.title'), t('funds.upload')…
const zhCN = { common: zhCommon, overview: zhOverview, cases: zhCases, feedback: zhFeedback, funds: zhFunds, content: zhContent, exports: zhExports, devices: zhDevices, updates: zhUpdates };
const en = { common: enCommon, overview: enOverview, cases: enCases, feedback: enFeedback, funds: enFunds, content: enContent, exports: enExports, devices: enDevices, updates: enUpdates };

export type MessageSchema = typeof zhCN;

function storedLocale(): DashboardLocale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  return SUPPORTED_LOCALES.find((l) => l === saved) ?? DEFAULT_LOCALE;
}

export const i18n = createI18n<false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: DEFAULT_LOCALE,
  messages: { 'zh-CN': zhCN, en },
});

export function currentLocale(): DashboardLocale {
  return i18n.global.locale.value as DashboardLocale;
}

/** Switches the language and remembers it for this browser (a desk PC is used by the same few people). */
export function setLocale(locale: DashboardLocale): void {
  (i18n.global.locale as unknown as { value: string }).value = locale;
  document.documentElement.lang = locale;
  globalThis.localStorage?.setItem(STORAGE_KEY, locale);
}
