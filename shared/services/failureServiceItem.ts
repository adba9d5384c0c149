/**
 * Which catalog item helps a household whose payment failed. Catalogs differ between counties and
 * change over the years, so items are found by what their names say, not by fixed codes: the rule
 * for a failure reason lists name patterns in order of preference, and the first item matching one wins.
 */

export interface NamedServiceItem {
  code: string;
  name: string;
}

interface FailureRule {
  /** Failure reasons this rule covers, as the bank words them. */
  reason: RegExp;
  /** Item names to look for, best first. */
  items: readonly RegExp[];
}

// Any failure can at least be re-applied for; the specific item comes first where there is one.
const REISSUE = /补发/;
const ACCOUNT_CHANGE = /(一卡通|补贴|发放)\S*账户\S*变更|账户变更/;
const CARD_ACTIVATION = /(社保卡|社会保障卡)\S*激活/;

const RULES: readonly FailureRule[] = [
  { reason: /销户|户名.*不符|账号.*不存在|账户.*不存在|冻结|挂失|账户/, items: [ACCOUNT_CHANGE, REISSUE] },
  { reason: /(社保卡|社会保障卡).*(未激活|激活)/, items: [CARD_ACTIVATION, REISSUE] },
];
const FALLBACK: readonly RegExp[] = [REISSUE];

/** The name patterns for a failure reason, best first (exported for the rule tests). */
export function itemPatternsForFailure(reason: string): readonly RegExp[] {
  const text = reason.trim();
  if (text === '') return [];
  return RULES.find((rule) => rule.reason.test(text))?.items ?? FALLBACK;
}

/** The catalog item for a failed or returned payment, or null when the catalog has none that fits. */
export function serviceItemForFailure<T extends NamedServiceItem>(reason: string, catalog: readonly T[]): T | null {
  for (const pattern of itemPatternsForFailure(reason)) {
    const match = catalog.find((item) => pattern.test(item.name));
    if (match) return match;
  }
  return null;
}
