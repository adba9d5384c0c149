import { describe, expect, it } from 'vitest';
import { HouseholdCollector, nameInitials } from '../../../renderer/src/db/import/householdCollector';

describe('nameInitials', () => {
  it('gives upper-case pinyin initials', () => {
    expect(nameInitials('王小华')).toBe('WXH');
    expect(nameInitials('欧阳明')).toBe('OYM');
  });

  it('reads a surname as a surname', () => {
    expect(nameInitials('曾国强')).toBe('ZGQ');
    expect(nameInitials('单雄信')).toBe('SXX');
    expect(nameInitials('解晓东')).toBe('XXD');
    expect(nameInitials('仇英')).toBe('QY');
  });

  it('drops what is not a letter', () => {
    expect(nameInitials('买买提·艾力')).toBe('MMTAL');
    expect(nameInitials(' 李明 ')).toBe('LM');
  });
});

describe('HouseholdCollector', () => {
  const line = { townshipCode: '341222100', villageCode: '341222100001', group: 3, householdNo: '030127', idMasked: '341222********0417' };
  it('keeps the head named on the newest year, whatever the file order', () => {
    const collector = new HouseholdCollector();
    collector.add('k', { ...line, year: 2024, headName: '王小华' } as never);
    collector.add('k', { ...line, year: 2023, headName: '王大华' } as never);
    expect(collector.values()).toEqual([expect.objectContaining({ headName: '王小华', initials: 'WXH', idLast4: '0417' })]);
    collector.add('k', { ...line, year: 2025, headName: '王晓', idMasked: '341222********123X' } as never);
    expect(collector.values()).toEqual([expect.objectContaining({ headName: '王晓', initials: 'WX', idLast4: '123X' })]);
    expect(collector.size).toBe(1);
  });
});
