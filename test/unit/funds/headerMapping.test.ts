import { describe, expect, it } from 'vitest';
import { mapHeaderRow, normaliseHeader, requireFundColumns } from '../../../shared/funds/headerMapping';

describe('header mapping', () => {
  it('normalises spacing, line breaks and a trailing unit', () => {
    expect(normaliseHeader(' 补贴金额\n（元） ')).toBe('补贴金额');
    expect(normaliseHeader('补贴面积(亩)')).toBe('补贴面积');
    expect(normaliseHeader('身份证号码：')).toBe('身份证号码');
    expect(normaliseHeader('户　主')).toBe('户主');
  });

  it.each([
    [['姓名', '身份证号', '村', '金额', '账号'], ['headName', 'idNumber', 'villageName', 'amount', 'account']],
    [['户主', '证件号码', '行政村', '发放金额', '帐号'], ['headName', 'idNumber', 'villageName', 'amount', 'account']],
    [['户主姓名', '身份证号码', '村代码', '应发金额', '实发金额', '一卡通账号'], ['headName', 'idNumber', 'villageCode', 'dueAmount', 'paidAmount', 'account']],
    [['序号', '补贴项目', '年度', '乡镇', '村名', '组', '户号', '计量依据', '标准', '发放日期', '状态', '失败原因'], null],
  ])('%j', (cells, fields) => {
    const mapping = mapHeaderRow(cells);
    if (fields === null) {
      // No name or ID column: this is not the header row (a title or a notes row).
      expect(mapping).toBeNull();
      return;
    }
    expect(mapping?.mapped.map((m) => m.field)).toEqual(fields);
  });

  it('keeps the first of two columns mapping to the same field and ignores unknown ones', () => {
    const mapping = mapHeaderRow(['户主姓名', '姓名', '身份证号', '备注', '村']);
    expect(mapping?.columns).toEqual({ headName: 0, idNumber: 2, villageName: 4 });
  });

  it('needs a program column unless the upload names the program', () => {
    const cells = ['户主姓名', '身份证号', '村', '金额', '账号'];
    const mapping = mapHeaderRow(cells)!;
    expect(() => requireFundColumns(mapping, cells, false)).toThrow(/补贴项目/);
    expect(() => requireFundColumns(mapping, cells, true)).not.toThrow();
  });
});
