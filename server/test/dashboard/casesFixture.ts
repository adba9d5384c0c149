import { expect } from 'vitest';
import { DASHBOARD_API_PREFIX, type StaffRole } from '../../../shared/dashboard/staff';
import { pullResponseSchema, pushResponseSchema, type EnrollResponse, type PullResponse } from '../../../shared/sync/protocol';
import { addVillage } from '../../src/repositories/villages';
import { postJson, startServer, type RunningServer } from '../http';
import type { TestDatabase } from '../pg';
import { enrollKiosk, KioskOutbox } from '../pushFixtures';
import { createStaffUser, signIn, staffHeaders, TEST_STAFF_PASSWORD, type SignedIn } from './staffFixtures';

export const EAST = '130123104201';
export const WEST = '130123104202';
/** A village with no kiosk at all: stale for the overview. */
export const NORTH = '130123104203';
/** The server's day once set up: deadlines before 2026-12-20 are overdue. */
export const COUNTY_DAY = '2026-12-20T02:00:00.000Z';

/** A village's kiosk: its enrollment and an outbox that remembers what it already pushed. */
export class TestKiosk {
  readonly outbox: KioskOutbox;
  private pushedThrough = 0;
  constructor(
    private readonly county: DashboardCounty,
    readonly enrollment: EnrollResponse,
    readonly villageCode: string,
  ) {
    this.outbox = new KioskOutbox(enrollment.deviceId, villageCode);
  }

  async push(): Promise<void> {
    const entries = this.outbox.entries.slice(this.pushedThrough);
    const response = await postJson(`${this.county.server.baseUrl}/api/v1/sync/push`, { deviceId: this.enrollment.deviceId, epoch: 1, entries }, { authorization: `Bearer ${this.enrollment.token}` });
    expect(response.status).toBe(200);
    expect(pushResponseSchema.parse(await response.json()).rejected).toEqual([]);
    this.pushedThrough = this.outbox.entries.length;
  }

  async pull(): Promise<PullResponse['changes']> {
    const response = await fetch(`${this.county.server.baseUrl}/api/v1/sync/pull?since=`, { headers: { authorization: `Bearer ${this.enrollment.token}` } });
    expect(response.status).toBe(200);
    return pullResponseSchema.parse(await response.json()).changes;
  }
}

/** A county server on a test database with a movable clock, three villages, kiosks and signed-in staff. */
export class DashboardCounty {
  /** Real time while kiosks enroll (enrollment codes expire by the real clock), then a fixed day. */
  now = new Date();
  server!: RunningServer;
  east!: TestKiosk;
  west!: TestKiosk;
  readonly staff = new Map<StaffRole, SignedIn>();

  static async start(database: TestDatabase): Promise<DashboardCounty> {
    const county = new DashboardCounty();
    county.server = await startServer(database, { rateLimitPerMinute: 1_000_000 }, { clock: () => county.now });
    const db = county.server.handle.db;
    await addVillage(db, { code: EAST, name: '东村', townshipCode: '130123104' });
    await addVillage(db, { code: WEST, name: '西村', townshipCode: '130123104' });
    await addVillage(db, { code: NORTH, name: '北村', townshipCode: '130123104' });
    county.east = new TestKiosk(county, await enrollKiosk(county.server, EAST, 'east'), EAST);
    county.west = new TestKiosk(county, await enrollKiosk(county.server, WEST, 'west'), WEST);
    county.now = new Date(COUNTY_DAY);
    for (const role of ['viewer', 'clerk'] as const) {
      const name = `${role}-user`;
      await createStaffUser(db, { name, role, password: TEST_STAFF_PASSWORD }, county.now);
      county.staff.set(role, await signIn(county.server.baseUrl, name, TEST_STAFF_PASSWORD));
    }
    return county;
  }

  advance(ms: number): void {
    this.now = new Date(this.now.getTime() + ms);
  }

  private session(role: StaffRole): SignedIn {
    const session = this.staff.get(role);
    if (session === undefined) throw new Error(`no ${role} signed in`);
    return session;
  }

  async get(path: string, params: Record<string, string | number | boolean> = {}, role: StaffRole = 'viewer'): Promise<{ status: number; body: unknown }> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) search.set(key, String(value));
    const query = search.toString();
    const response = await fetch(`${this.server.baseUrl}${DASHBOARD_API_PREFIX}${path}${query === '' ? '' : `?${query}`}`, { headers: staffHeaders(this.session(role)) });
    return { status: response.status, body: await response.json() };
  }

  async post(path: string, body: unknown, role: StaffRole = 'clerk'): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.server.baseUrl}${DASHBOARD_API_PREFIX}${path}`, { method: 'POST', headers: staffHeaders(this.session(role), { write: true }), body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  }

  async close(): Promise<void> {
    await this.server.close();
  }
}
