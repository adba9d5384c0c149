import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyRedactionCounts, redactPersonalData } from '../../../shared/diagnostics/redact';
import { completeIdNumber } from '../../../shared/identity/idNumber';

describe('redactPersonalData', () => {
  it.each([
    ['lookup 341222198705120417 failed', 'lookup [id-number] failed'],
    ['card 34122219870512041x read', 'card [id-number] read'],
    ['masked 341222********0417 shown', 'masked [masked-number] shown'],
    ['account ****0123 failed', 'account [masked-number] failed'],
    ['old card 341222870512041', 'old card [number]'],
    ['callback 13812345678', 'callback [phone]'],
    ['callback 138 1234 5678 / 138-1234-5678', 'callback [phone] / [phone]'],
    ['callback +86 13812345678', 'callback [phone]'],
    ['tel 0551-62345678 or 0566 6521380 or (010)12345678', 'tel [phone] or [phone] or [phone]'],
    ['account 6217001234567890123', 'account [number]'],
    ['mail wang@example.cn', 'mail [email]'],
    ['receipt DB-341222100001-261127-205 printed', 'receipt DB-341222100001-[receipt] printed'],
    ['local receipt 261127205', 'local receipt [number]'],
    ['Authorization: Bearer abc.DEF_123-xyz', 'Authorization: [secret] [secret]'],
    ['{"deviceToken":"s3cr3t","ok":true}', '{"deviceToken":[secret],"ok":true}'],
    ['pin=4321 password: hunter2', 'pin=[secret] password: [secret]'],
  ])('%s', (input, expected) => {
    expect(redactPersonalData(input)).toBe(expected);
  });

  it('removes names after their labels and keeps the label', () => {
    expect(redactPersonalData('姓名：王小华 户主:欧阳明 申请人为李四')).toBe('姓名:[name] 户主:[name] 申请人为[name]');
    expect(redactPersonalData('户主姓名=张建国')).toBe('户主姓名=[name]');
    expect(redactPersonalData('{"headName":"王小华","name":"Li Si"}')).toBe('{"headName":[name],"name":[name]}');
  });

  it('removes any other Chinese text, since an unlabelled name looks like any word', () => {
    expect(redactPersonalData('query for 王建国 in 张家村 returned 0 rows')).toBe('query for [中文] in [中文] returned 0 rows');
    // Idempotent: a redacted line stays as it is.
    const once = redactPersonalData('姓名 王小华, 王建国');
    expect(redactPersonalData(once)).toBe(once);
  });

  it('reads full-width digits and colons', () => {
    expect(redactPersonalData('电话：１３８１２３４５６７８')).toBe('[中文]:[phone]');
  });

  it('keeps what a technician needs: versions, times, place codes, UUIDs, error codes', () => {
    const line = '[2026-11-27 22:45:01.123] [warn] sync 0.1.0 village 341222100001 device 0193a5f2-7c3e-7a1b-9f00-123456789abc ECONNREFUSED exit code 1 took 1234 ms';
    expect(redactPersonalData(line)).toBe(line);
  });

  it('counts what each rule removed', () => {
    const counts = emptyRedactionCounts();
    redactPersonalData('13812345678 341222198705120417 姓名王五 13912345678', counts);
    expect(counts).toMatchObject({ phone: 2, idNumber: 1, labelledName: 1, chineseText: 0 });
  });

  it('never lets a valid ID number or mobile number through, wherever it sits in a line', () => {
    const idNumber = fc
      .tuple(fc.constantFrom('341222', '340421', '110101'), fc.integer({ min: 1940, max: 2020 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 999 }))
      .map(([region, year, month, day, seq]) =>
        completeIdNumber(`${region}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(seq).padStart(3, '0')}`),
      );
    const mobile = fc.tuple(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 0, max: 999_999_999 })).map(([second, rest]) => `1${second}${String(rest).padStart(9, '0')}`);
    const filler = fc.constantFrom('', ' ', '=', ':', '"', '(', ')', ',', 'id ', '电话', '身份证号', '\t', '[', ']');
    fc.assert(
      fc.property(filler, fc.oneof(idNumber, mobile), filler, (before, secret, after) => {
        const redacted = redactPersonalData(`${before}${secret}${after}`);
        expect(redacted).not.toContain(secret);
        expect(redacted).not.toContain(secret.slice(-8));
      }),
      { numRuns: 500 },
    );
  });
});
