import { describe, expect, it } from 'vitest';
import {
  buildDiagnosticsBundle,
  diagnosticsBundleJson,
  diagnosticsFileName,
  MAX_LOG_LINES,
  MAX_TEXT_LENGTH,
  type DiagnosticsInput,
} from '../../../shared/diagnostics/bundle';
import { generateDemoData } from '../../../shared/demo/generator/index';
import { formatReceiptNo, localPartOf } from '../../../shared/cases/receiptNo';

function baseInput(overrides: Partial<DiagnosticsInput> = {}): DiagnosticsInput {
  return {
    createdAt: '2026-11-27T22:45:01.123Z',
    versions: { app: '0.1.0', electron: '45.5.0', chrome: '140.0', node: '22.19.0', platform: 'linux', arch: 'arm64', osRelease: '6.6.0' },
    device: { enrolled: true, deviceId: '0193a5f2-7c3e-7a1b-9f00-123456789abc', villageCode: '341222100001', stationNo: 2, countyUrl: 'https://county.example.cn' },
    sync: { state: 'idle', lastSuccessAt: '2026-11-27T20:00:00Z', lastAttemptAt: '2026-11-27T22:00:00Z', lastError: null, pendingUploads: 3 },
    logLines: [],
    errors: [],
    ...overrides,
  };
}

describe('diagnostics bundle', () => {
  it('keeps versions, enrollment and sync state as given', () => {
    const bundle = buildDiagnosticsBundle(baseInput({ logLines: ['[2026-11-27 22:45:01.123] [info] sync done in 1234 ms'] }));
    expect(bundle).toMatchObject({
      format: 'village-kiosk-diagnostics',
      formatVersion: 1,
      createdAt: '2026-11-27T22:45:01.123Z',
      versions: { app: '0.1.0', electron: '45.5.0', platform: 'linux', arch: 'arm64' },
      device: { enrolled: true, deviceId: '0193a5f2-7c3e-7a1b-9f00-123456789abc', villageCode: '341222100001', stationNo: 2 },
      sync: { state: 'idle', pendingUploads: 3, lastError: null },
      logLines: ['[2026-11-27 22:45:01.123] [info] sync done in 1234 ms'],
      omittedLogLines: 0,
    });
    expect(JSON.parse(diagnosticsBundleJson(bundle))).toEqual(bundle);
  });

  it('drops fields the schema does not name, such as a token passed by mistake', () => {
    const input = { ...baseInput(), token: 'device-secret-token', device: { ...baseInput().device, token: 'device-secret-token' } };
    expect(diagnosticsBundleJson(buildDiagnosticsBundle(input))).not.toContain('device-secret-token');
  });

  it('rejects input that is not a diagnostics input', () => {
    expect(() => buildDiagnosticsBundle({ ...baseInput(), createdAt: 'yesterday' })).toThrow();
    expect(() => buildDiagnosticsBundle(null)).toThrow();
  });

  it('keeps the newest lines and errors within the limits and clips long lines after redaction', () => {
    const lines = Array.from({ length: MAX_LOG_LINES + 5 }, (_, i) => `line ${i}`);
    const bundle = buildDiagnosticsBundle(baseInput({ logLines: lines, errors: [{ at: null, message: 'x'.repeat(MAX_TEXT_LENGTH + 50), stack: null }] }));
    expect(bundle.logLines).toHaveLength(MAX_LOG_LINES);
    expect(bundle.logLines[0]).toBe('line 5');
    expect(bundle.omittedLogLines).toBe(5);
    expect(bundle.errors[0]?.message).toBe(`${'x'.repeat(MAX_TEXT_LENGTH)}…[cut]`);
  });

  it('names the file by device and time, safe for a FAT32 stick', () => {
    expect(diagnosticsFileName(buildDiagnosticsBundle(baseInput()))).toBe('diagnostics-0193a5f2-7c3e-7a1b-9f00-123456789abc-20261127T224501Z.json');
    expect(diagnosticsFileName({ createdAt: '2026-11-27T22:45:01+08:00', device: { ...baseInput().device, deviceId: null } })).toBe(
      'diagnostics-unenrolled-20261127T144501Z.json',
    );
  });

  it('contains no ID number, name, phone or receipt of the demo households', () => {
    const demo = generateDemoData({ households: 300, years: 1, seed: 20261127 });
    const households = demo.households.slice(0, 120);
    // Phones are not part of the demo households: each gets a mobile or a landline derived from its index.
    const phoneOf = (index: number): string =>
      index % 3 === 0 ? `0566-${String(6_200_000 + index * 7).padStart(7, '0')}` : `1${3 + (index % 7)}${String(100_000_000 + index * 7919).slice(-9)}`;
    const receiptOf = (index: number): string => formatReceiptNo('DB', households[0]?.villageCode ?? '341222100001', '2026-11-27', (index % 99) + 1, 2);

    const lines: string[] = [];
    households.forEach((household, index) => {
      const phone = phoneOf(index);
      const receipt = receiptOf(index);
      // The shapes personal data could take in a log: labelled, JSON, inspected objects, plain.
      lines.push(`[2026-11-27 10:00:00.000] [info] 户主：${household.headName} 身份证 ${household.idNumber} 电话 ${phone}`);
      lines.push(`[2026-11-27 10:00:01.000] [warn] payload ${JSON.stringify({ headName: household.headName, idMasked: household.idMasked, phone, accountLast4: household.accountLast4 })}`);
      lines.push(`[2026-11-27 10:00:02.000] [error] lookup failed for ${household.headName} (${household.idMasked}) receipt ${receipt} local ${localPartOf(receipt)}`);
      lines.push(`{ name: '${household.headName}', id: '${household.idNumber.toLowerCase()}', tel: '${phone.replace(/^(\d{3})(\d{4})(\d{4})$/, '$1 $2 $3')}' }`);
    });
    const first = households[0];
    if (!first) throw new Error('no demo households');
    const bundle = buildDiagnosticsBundle(
      baseInput({
        logLines: lines,
        errors: [{ at: '2026-11-27T02:00:02Z', message: `姓名:${first.headName} 证件号${first.idNumber}`, stack: `Error: ${first.idMasked}\n    at lookup (app://kiosk/assets/index.js:1:2)` }],
        sync: { ...baseInput().sync, lastError: `upload of ${first.headName}'s case failed (${phoneOf(0)})` },
        settings: { stationContact: phoneOf(1), openingHours: '07:30-20:00', touchMode: true },
      }),
    );
    const json = diagnosticsBundleJson(bundle);

    households.forEach((household, index) => {
      expect(json).not.toContain(household.idNumber);
      expect(json).not.toContain(household.idNumber.toLowerCase());
      expect(json).not.toContain(household.idMasked);
      // The visible tail of a masked ID is what the keypad lookup uses: still personal.
      expect(json).not.toContain(household.idMasked.slice(-8));
      expect(json).not.toContain(household.headName);
      const phoneDigits = phoneOf(index).replace(/\D/g, '');
      expect(json.replace(/\D/g, ' ')).not.toContain(phoneDigits.slice(-7));
      expect(json).not.toContain(localPartOf(receiptOf(index)));
    });
    // No Chinese character survives except the labels kept for readability.
    const han = json.match(/\p{Script=Han}+/gu) ?? [];
    expect(new Set(han)).toEqual(new Set(['户主', '身份证', '中文', '姓名', '证件号']));
    // And the redaction did not flatten what a technician needs.
    expect(json).toContain('[2026-11-27 10:00:02.000] [error] lookup failed for [中文] ([masked-number]) receipt DB-');
    expect(bundle.redactions.idNumber).toBeGreaterThanOrEqual(households.length * 2);
    expect(bundle.settings).toEqual({ stationContact: '[phone]', openingHours: '07:30-20:00', touchMode: true });
  });
});
