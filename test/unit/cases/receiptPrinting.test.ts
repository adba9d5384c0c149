import { describe, expect, it } from 'vitest';
import { pageRuleFor, receiptQrDataUrl } from '../../../renderer/src/components/cases/receiptPrinting';

describe('pageRuleFor', () => {
  it('sizes a roll to the measured receipt plus its margins, with a valid size descriptor', () => {
    expect(pageRuleFor('receipt80', 100)).toBe('@page { size: 80mm 110mm; margin: 3mm; }');
    expect(pageRuleFor('receipt58', 120.2)).toBe('@page { size: 58mm 129mm; margin: 2mm; }');
    expect(pageRuleFor('receipt58', null)).toBe('@page { size: 58mm 200mm; margin: 2mm; }');
    expect(pageRuleFor('a4', 100)).toBe('@page { size: A4; margin: 15mm; }');
  });
});

describe('receiptQrDataUrl', () => {
  it('encodes the receipt number as an SVG data URL with no script in it', async () => {
    const url = await receiptQrDataUrl('DB-341222100001-261127-001');
    expect(url.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    const svg = decodeURIComponent(url.slice(url.indexOf(',') + 1));
    expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(svg).not.toMatch(/<script|on\w+=/i);
  });
});
