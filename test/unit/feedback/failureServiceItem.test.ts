import { describe, expect, it } from 'vitest';
import { serviceItemForFailure, type NamedServiceItem } from '../../../shared/services/failureServiceItem';
import { buildServiceCatalog } from '../../../shared/demo/generator/serviceCatalog';
import { objectionWindow } from '../../../shared/feedback/objectionWindow';

const catalog: NamedServiceItem[] = buildServiceCatalog();
const code = (reason: string, items: readonly NamedServiceItem[] = catalog): string | null => serviceItemForFailure(reason, items)?.code ?? null;

describe('serviceItemForFailure', () => {
  it('sends account problems to the account change item of the demo catalog', () => {
    for (const reason of ['账户已销户', '户名与账号不符', '户名与账户不符', '账号不存在', '账户已冻结']) expect(code(reason), reason).toBe('CZ001');
  });

  it('sends an inactive social security card to an activation item when the catalog has one, else to re-issue', () => {
    expect(code('社保卡未激活')).toBe('CZ002');
    const withActivation = [...catalog, { code: 'SB009', name: '社会保障卡金融账户激活' }];
    expect(code('社保卡未激活', withActivation)).toBe('SB009');
  });

  it('finds items by name, whatever their codes, and falls back to re-issue for an unknown reason', () => {
    const other = [
      { code: 'AA100', name: '补贴资金补发' },
      { code: 'AA200', name: '惠农补贴发放账户变更登记' },
    ];
    expect(code('账户已销户', other)).toBe('AA200');
    expect(code('银行系统故障', other)).toBe('AA100');
    expect(code('账户已冻结', [{ code: 'AA100', name: '补贴资金补发' }])).toBe('AA100');
  });

  it('finds nothing for an empty reason or a catalog without a fitting item', () => {
    expect(code('')).toBeNull();
    expect(code('账户已销户', [{ code: 'MZ001', name: '临时救助申请' }])).toBeNull();
  });
});

describe('objectionWindow', () => {
  it('is open from the first notice day on, and says when it opens before that', () => {
    expect(objectionWindow('2024-04-01', '2024-03-31', null)).toEqual({ open: false, opensOn: '2024-04-01' });
    expect(objectionWindow('2024-04-01', '2024-04-01', null)).toEqual({ open: true });
    expect(objectionWindow('2024-04-01', '2030-01-01', null)).toEqual({ open: true });
  });

  it('trusts the data date when the kiosk clock is behind it', () => {
    expect(objectionWindow('2024-04-01', '2019-01-01', '2024-08-31')).toEqual({ open: true });
    expect(objectionWindow('2024-04-01', '2019-01-01', '2024-03-01T10:00:00Z')).toEqual({ open: false, opensOn: '2024-04-01' });
  });
});
