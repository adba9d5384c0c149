import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FundFileError } from '../../../shared/funds/fileError';
import { detectFundFileKind } from '../../../shared/funds/fileKind';
import { FundTextDecoder, sniffFundTextEncoding } from '../../../shared/funds/textDecoding';
import { FINANCE_HEADER, financeLine, readCsvBytes } from './support';

const TEXT = `2024年耕地地力保护补贴发放清单\r\n${FINANCE_HEADER}\r\n${financeLine(1)}\r\n${financeLine(2, { name: '欧阳明' })}\r\n`;

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

describe('encodings', () => {
  it.each([
    ['UTF-8', utf8(TEXT), 'utf-8', '欧阳明'],
    ['UTF-8 with BOM', Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(TEXT)]), 'utf-8-bom', '欧阳明'],
    ['GBK', iconv.encode(TEXT, 'gbk'), 'gb18030', '欧阳明'],
    ['GB18030 with a four-byte character', iconv.encode(TEXT.replace('欧阳明', '欧阳䶮'), 'gb18030'), 'gb18030', '欧阳䶮'],
  ])('%s decodes to the same rows', (_label, bytes, encoding, secondName) => {
    const result = readCsvBytes(bytes);
    expect(result.encoding).toBe(encoding);
    expect(result.validator.counts().badRows).toEqual([]);
    expect(result.rows.map((r) => r.headName)).toEqual(['王小华', secondName]);
    expect(result.validator.counts().skippedTitleRows).toBe(1);
  });

  it('keeps a GB18030 four-byte character intact across chunk cuts', () => {
    const result = readCsvBytes(iconv.encode(TEXT.replace('欧阳明', '欧阳䶮'), 'gb18030'), undefined, 3);
    expect(result.rows[1]?.headName).toBe('欧阳䶮');
  });

  it('refuses UTF-16 with and without a byte-order mark', () => {
    expect(() => sniffFundTextEncoding(Uint8Array.from([0xff, 0xfe, ...iconv.encode(TEXT, 'utf16le')]), true)).toThrow(/UTF-16/);
    expect(() => sniffFundTextEncoding(iconv.encode(TEXT, 'utf16le'), true)).toThrow(/NUL bytes/);
  });

  it('names the byte offset of a later invalid sequence', () => {
    const good = iconv.encode(`${FINANCE_HEADER}\r\n`, 'gbk');
    const bytes = Uint8Array.from([...good, 0x41, 0xff, 0x42]);
    const decoder = new FundTextDecoder('gb18030');
    expect(() => decoder.decode(bytes)).toThrow(new RegExp(`byte offset ${good.length + 1}\\b`));
    const utf = new FundTextDecoder('utf-8');
    utf.decode(utf8('abc'));
    expect(() => utf.decode(Uint8Array.from([0x61, 0xe4, 0x41]))).toThrow(/UTF-8 byte sequence at byte offset 4\b/);
  });

  it('reports a file cut inside a character', () => {
    const decoder = new FundTextDecoder('utf-8');
    decoder.decode(Uint8Array.from([0x61, 0xe4, 0xb8]));
    expect(() => decoder.finish()).toThrow(/ends in the middle of a UTF-8 character \(byte offset 1\)/);
  });

  it('refuses bytes that are neither UTF-8 nor GB18030', () => {
    expect(() => sniffFundTextEncoding(Uint8Array.from([0x41, 0x81, 0x20, 0x41]), true)).toThrow(FundFileError);
  });

  it('streams UTF-8 when the first window is ASCII and fails at a later GBK byte', () => {
    const ascii = utf8('a,b,c\r\n'.repeat(10));
    expect(sniffFundTextEncoding(ascii, false)).toBe('utf-8');
    const decoder = new FundTextDecoder('utf-8');
    decoder.decode(ascii);
    expect(() => decoder.decode(iconv.encode('王', 'gbk'))).toThrow(new RegExp(`offset ${ascii.length}\\b`));
  });
});

describe('file kinds', () => {
  it.each([
    [[0x25, 0x50, 0x44, 0x46, 0x2d], /PDF/],
    [[0x89, 0x50, 0x4e, 0x47, 0x0d], /PNG/],
    [[0xd0, 0xcf, 0x11, 0xe0, 0xa1], /Excel 97-2003/],
    [[0x50, 0x4b, 0x05, 0x06], /empty ZIP/],
    [[], /empty/],
  ])('%j is refused', (bytes, pattern) => {
    expect(() => detectFundFileKind(Uint8Array.from(bytes))).toThrow(pattern);
  });

  it('takes ZIP as a workbook and anything else as text', () => {
    expect(detectFundFileKind(Uint8Array.from([0x50, 0x4b, 0x03, 0x04]))).toBe('xlsx');
    expect(detectFundFileKind(utf8('序号'))).toBe('csv');
  });
});
