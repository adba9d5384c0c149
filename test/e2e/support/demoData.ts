import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inject } from 'vitest';
import { z } from 'zod';
import { CsvStreamParser, type CsvRecord } from '../../../shared/csv';
import { DEMO_FILES, demoManifestSchema, type DemoManifest, type KioskScope } from '../../../shared/demo/manifest';
import {
  checkPublicNoticeHeader,
  parsePublicNoticeRow,
  PUBLIC_NOTICE_COLUMNS,
  PublicNoticeContext,
} from '../../../shared/demo/publicNoticeCsv';
import type { Disbursement } from '../../../shared/domain/disbursement';
import { fundProgramSchema, type FundProgram } from '../../../shared/domain/fundProgram';
import { countySchema, type County } from '../../../shared/domain/place';

/** Reads the demo data this run's kiosk was seeded with, so flow tests can pick real households and check amounts. */

export type PublicNoticeColumn = (typeof PUBLIC_NOTICE_COLUMNS)[number];

export interface DemoDisbursement {
  /** 1-based line in disbursements.csv. */
  line: number;
  /** The CSV as written, by column (amounts as yuan text, e.g. 实发金额 "807.50"). */
  columns: Record<PublicNoticeColumn, string>;
  /** The same row parsed (amounts in fen). */
  row: Disbursement;
  program: FundProgram;
}

export function e2eDemoDir(): string {
  return inject('e2eDemoDir');
}

async function readJson<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  const text = await readFile(join(e2eDemoDir(), file), 'utf8');
  return schema.parse(JSON.parse(text) as unknown);
}

export function readDemoManifest(): Promise<DemoManifest> {
  return readJson(DEMO_FILES.manifest, demoManifestSchema);
}

export function readDemoCounty(): Promise<County> {
  return readJson(DEMO_FILES.county, countySchema);
}

export function readDemoPrograms(): Promise<FundProgram[]> {
  return readJson(DEMO_FILES.programs, z.array(fundProgramSchema));
}

let cached: Promise<DemoDisbursement[]> | undefined;

/** Every disbursement row of the demo county (all townships), parsed once per test file. */
export function readDemoDisbursements(): Promise<DemoDisbursement[]> {
  cached ??= loadDisbursements();
  return cached;
}

/** The rows a kiosk seeded with this demo set shows: its station's township, and village when it has one. */
export async function readStationDisbursements(): Promise<DemoDisbursement[]> {
  const [manifest, rows] = await Promise.all([readDemoManifest(), readDemoDisbursements()]);
  return rows.filter((r) => inScope(r.row, manifest.station));
}

function inScope(row: Disbursement, scope: KioskScope): boolean {
  return row.townshipCode === scope.townshipCode && (scope.villageCode === null || row.villageCode === scope.villageCode);
}

async function loadDisbursements(): Promise<DemoDisbursement[]> {
  const [county, programs] = await Promise.all([readDemoCounty(), readDemoPrograms()]);
  const context = new PublicNoticeContext(county, programs);
  const file = join(e2eDemoDir(), DEMO_FILES.disbursements);
  const parser = new CsvStreamParser();
  const out: DemoDisbursement[] = [];
  let headerSeen = false;

  const take = (records: CsvRecord[]): void => {
    for (const record of records) {
      if (!headerSeen) {
        const problem = checkPublicNoticeHeader(record.fields);
        if (problem) throw new Error(`${file}:${record.line}: ${problem}`);
        headerSeen = true;
        continue;
      }
      const parsed = parsePublicNoticeRow(record.fields, context);
      if (!parsed.ok) throw new Error(`${file}:${record.line}: ${parsed.reason}`);
      const columns = Object.fromEntries(PUBLIC_NOTICE_COLUMNS.map((c, i) => [c, record.fields[i] ?? ''])) as Record<PublicNoticeColumn, string>;
      out.push({ line: record.line, columns, row: parsed.row, program: parsed.program });
    }
  };

  for await (const chunk of createReadStream(file, { encoding: 'utf8' })) take(parser.push(chunk as string));
  take(parser.finish());
  if (!headerSeen) throw new Error(`${file}: empty file`);
  return out;
}
