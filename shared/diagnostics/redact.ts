/**
 * Removes personal data from free text (log lines, error messages) before it leaves the kiosk in a
 * diagnostics bundle. Rules run in order and each replaces what it finds with a bracketed
 * placeholder, so a technician still sees that something was there. Deliberately greedy: a
 * redacted timestamp costs a little diagnostic value, a leaked ID number is a breach.
 *
 * Chinese text is removed wholesale (after labelled names): the kiosk logs in English, so Chinese in
 * a log line is data — a name, a village, an address — and a name without a label cannot be told
 * apart from any other word. Known labels are kept so the line still reads.
 */

export type RedactionRule =
  | 'secret'
  | 'labelledName'
  | 'idNumber'
  | 'maskedNumber'
  | 'labelledDigits'
  | 'receiptNo'
  | 'phone'
  | 'email'
  | 'longNumber'
  | 'chineseText';

export type RedactionCounts = Record<RedactionRule, number>;

const NAME_LABELS = [
  '户主姓名', '姓名', '户主', '名字', '户名', '申请人', '代办人', '经办人', '联系人', '收款人', '领款人', '持卡人', '开户人',
  '居民', '本人', '配偶', '家属', '村民',
] as const;
const NAME_KEYS = [
  'headName', 'fullName', 'holderName', 'accountName', 'applicantName', 'contactName', 'residentName', 'payeeName',
  'agentName', 'personName', 'name',
] as const;
const DIGIT_LABELS = ['后四位', '尾号', '证件号', '身份证', '账号', '卡号', 'idLast4', 'idLastFour', 'accountLast4', 'last4'] as const;
/** Matched as the end of a key too: deviceToken, refresh_token, adminPassword. */
const SECRET_KEY_ENDINGS = ['token', 'secret', 'password', 'passwd', 'pin', 'authorization', 'apikey', 'credential', 'credentials', 'enrollcode', 'enrollmentcode'] as const;

/** Labels that survive the Chinese-text rule, so "姓名:[name]" still says what was removed. */
const KEPT_WORDS = new Set<string>([...NAME_LABELS, ...DIGIT_LABELS, '中文']);

const alternation = (words: readonly string[]): string =>
  [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');

// "key": "value" / key=value / key: value, as JSON, query strings and util.inspect print them.
const keyValue = (keys: readonly string[], keyPrefix = ''): RegExp =>
  new RegExp(`(["']?\\b${keyPrefix}(?:${alternation(keys)})\\b["']?\\s*[:=]\\s*)(?:"[^"\\n]*"|'[^'\\n]*'|[^\\s,;&}\\]"']+)`, 'gi');

interface Rule {
  name: RedactionRule;
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

const RULES: readonly Rule[] = [
  { name: 'secret', pattern: /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, replace: () => 'Bearer [secret]' },
  { name: 'secret', pattern: keyValue(SECRET_KEY_ENDINGS, '[A-Za-z_-]*?'), replace: (_m, key) => `${key}[secret]` },
  // A name typed after its label: 姓名：王小华, 户主 欧阳明, 申请人为李四.
  {
    name: 'labelledName',
    pattern: new RegExp(`(${alternation(NAME_LABELS)})([\\s:：=为是"'“”]*)[\\p{Script=Han}·•]{1,8}`, 'gu'),
    replace: (_m, label, separator) => `${label}${separator}[name]`,
  },
  { name: 'labelledName', pattern: keyValue(NAME_KEYS), replace: (_m, key) => `${key}[name]` },
  // Full 18-character ID numbers before any shorter digit rule can split them.
  { name: 'idNumber', pattern: /(?<!\d)\d{17}[\dXx](?!\d)/g, replace: () => '[id-number]' },
  // Masked IDs and accounts (341222********0417, ****0123): the visible digits still identify.
  { name: 'maskedNumber', pattern: /(?<![\w*])(?=[\d*]*\*{3})[\d*]*\d[\d*]*[Xx]?(?![\w*])/g, replace: () => '[masked-number]' },
  {
    name: 'labelledDigits',
    pattern: new RegExp(`(${alternation(DIGIT_LABELS)})(["']?[\\s:：=为是"']*)[\\dXx*]{3,}`, 'giu'),
    replace: (_m, label, separator) => `${label}${separator}[digits]`,
  },
  // A receipt names the village (public) but its day and sequence find one resident's case.
  { name: 'receiptNo', pattern: /\b(DB|YJ)-(\d{12})-\d{6}-\d{3}\b/g, replace: (_m, kind, village) => `${kind}-${village}-[receipt]` },
  { name: 'phone', pattern: /(?<![\d+])(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)/g, replace: () => '[phone]' },
  { name: 'phone', pattern: /(?<![\d.])(?:\(0\d{2,3}\)|0\d{2,3})[\s-]?\d{7,8}(?![\d.])/g, replace: () => '[phone]' },
  { name: 'email', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g, replace: () => '[email]' },
  // Bank accounts, old 15-digit IDs, 9-digit receipt local parts. 12 digits are a place code: public.
  { name: 'longNumber', pattern: /(?<!\d)\d{9,}(?!\d)/g, replace: (m) => (m.length === 12 ? m : '[number]') },
  {
    name: 'chineseText',
    pattern: /[\p{Script=Han}·]+/gu,
    replace: (m) => (KEPT_WORDS.has(m.replace(/[为是]$/u, '')) ? m : '[中文]'),
  },
];

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

export function emptyRedactionCounts(): RedactionCounts {
  return {
    secret: 0, labelledName: 0, idNumber: 0, maskedNumber: 0, labelledDigits: 0, receiptNo: 0, phone: 0, email: 0, longNumber: 0, chineseText: 0,
  };
}

/**
 * The text with personal data replaced. `counts` (optional) is incremented per rule that removed
 * something, for the bundle's summary.
 */
export function redactPersonalData(text: string, counts?: RedactionCounts): string {
  // Full-width digits and colons (１３８…, ：) become ASCII so the rules see them. NUL is dropped so
  // the input cannot forge the placeholders below.
  let result = text.normalize('NFKC').replace(/\0/g, '');
  // UUIDs (device and record ids) are set aside: their digit runs are not numbers about a person.
  const setAside: string[] = [];
  result = result.replace(UUID, (uuid) => `\0${setAside.push(uuid) - 1}\0`);
  for (const rule of RULES) {
    result = result.replace(rule.pattern, (match: string, ...rest: unknown[]) => {
      const groups = rest.filter((value): value is string => typeof value === 'string');
      const replacement = rule.replace(match, ...groups);
      if (counts && replacement !== match) counts[rule.name] += 1;
      return replacement;
    });
  }
  return result.replace(/\0(\d+)\0/g, (_match, index: string) => setAside[Number(index)] ?? '');
}
