import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { writeDemoData } from '../../../scripts/lib/writeDemoData';
import { generateDemoData, type DemoDataset, type DemoOptions } from '../../../shared/demo/generator/index';
import { DASHBOARD_API_PREFIX, type StaffRole } from '../../../shared/dashboard/staff';
import { enrollmentCodeResponseSchema } from '../../../shared/dashboard/devices';
import { enrollResponseSchema, pullResponseSchema, type Change, type EnrollResponse } from '../../../shared/sync/protocol';
import { importDemo } from '../../src/services/importDemo';
import { postJson, type RunningServer } from '../http';
import { createStaffUser, signIn, staffHeaders, TEST_STAFF_PASSWORD, type SignedIn } from './staffFixtures';

/**
 * Shared arrangements of the ADMIN area's server tests (content, exports, devices): a small demo
 * county written to disk once per file and imported per test, staff of each role signed in, and a
 * kiosk's view of the pull.
 */
export const DEMO_OPTIONS: DemoOptions = { households: 40, years: 1, seed: 11 };

export interface DemoOnDisk {
  dir: string;
  data: DemoDataset;
  remove(): void;
}

export async function writeDemoOnDisk(options: DemoOptions = DEMO_OPTIONS): Promise<DemoOnDisk> {
  const root = mkdtempSync(join(tmpdir(), 'admin-demo-'));
  const dir = join(root, 'demo');
  await writeDemoData({ ...options, outDir: dir });
  return { dir, data: generateDemoData(options), remove: () => rmSync(root, { recursive: true, force: true }) };
}

export async function importDemoInto(server: RunningServer, demo: DemoOnDisk): Promise<void> {
  await importDemo(server.handle.db, demo.dir);
}

export type Staff = Record<StaffRole, SignedIn>;

export async function signInStaff(server: RunningServer): Promise<Staff> {
  const staff = {} as Staff;
  for (const role of ['viewer', 'clerk', 'admin'] as const) {
    await createStaffUser(server.handle.db, { name: `${role}-user`, role, password: TEST_STAFF_PASSWORD });
    staff[role] = await signIn(server.baseUrl, `${role}-user`, TEST_STAFF_PASSWORD);
  }
  return staff;
}

export function apiUrl(server: RunningServer, path: string): string {
  return `${server.baseUrl}${DASHBOARD_API_PREFIX}${path}`;
}

export async function apiGet(server: RunningServer, who: SignedIn, path: string): Promise<Response> {
  return fetch(apiUrl(server, path), { headers: staffHeaders(who) });
}

export async function apiWrite(server: RunningServer, who: SignedIn, method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<Response> {
  return fetch(apiUrl(server, path), {
    method,
    headers: staffHeaders(who, { write: true, json: body !== undefined }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** What a kiosk pulls from `since` until the log is exhausted, and the cursor to continue from. */
export async function pullAll(server: RunningServer, kiosk: Pick<EnrollResponse, 'token'>, since = '', headers: Record<string, string> = {}): Promise<{ changes: Change[]; next: string }> {
  const changes: Change[] = [];
  let cursor = since;
  for (;;) {
    const response = await fetch(`${server.baseUrl}/api/v1/sync/pull?since=${encodeURIComponent(cursor)}`, { headers: { authorization: `Bearer ${kiosk.token}`, ...headers } });
    expect(response.status).toBe(200);
    const page = pullResponseSchema.parse(await response.json());
    changes.push(...page.changes);
    cursor = page.next;
    if (!page.hasMore) return { changes, next: cursor };
  }
}

export async function changeLogState(server: RunningServer): Promise<{ count: number; maxId: number }> {
  const row = await server.handle.db
    .selectFrom('changes')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max('id').as('maxId')])
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), maxId: Number(row.maxId ?? 0) };
}

/** A kiosk enrolled the way a county admin does it: a code from the dashboard, used at /api/v1/devices/enroll. */
export async function enrollThroughDashboard(
  server: RunningServer,
  admin: SignedIn,
  villageCode: string,
  deviceName = 'kiosk',
  headers: Record<string, string> = {},
): Promise<EnrollResponse> {
  const issued = await apiWrite(server, admin, 'POST', '/devices/enrollment-codes', { villageCode, ttlHours: 1 });
  expect(issued.status).toBe(201);
  const { code } = enrollmentCodeResponseSchema.parse(await issued.json());
  const response = await postJson(`${server.baseUrl}/api/v1/devices/enroll`, { code, deviceName }, headers);
  expect(response.status).toBe(201);
  return enrollResponseSchema.parse(await response.json());
}
