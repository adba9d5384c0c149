import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { disbursementSchema, type Disbursement } from '../../shared/domain/disbursement';
import type { PullResponse } from '../../shared/sync/protocol';
import { runPull } from '../../renderer/src/sync/pull';
import type { SyncClient } from '../../renderer/src/sync/syncClient';
import { publishChanges, type NewChange } from '../../server/src/repositories/changes';
import { TEST_DATABASE_KINDS } from '../../server/test/pg';
import type { RunningServer } from '../../server/test/http';
import { createDemoCountyDatabase, enrollDevice, startCountyServer, type CountyDatabase } from './support/county';
import { seededRandom, seededSchedule, startFaultProxy, type FaultProxy } from './support/faultProxy';
import { openKiosk, type TestKiosk } from './support/kiosk';
import { expectPulledExactly } from './support/pulledExactness';
import { syncUntilDone, type PullRun } from './support/syncLoop';

/**
 * The county keeps publishing while a kiosk's first sync is under way on a faulty link: rows
 * corrected (paid, returned, moved to another household), rows withdrawn, new rows. The snapshot
 * is taken at a fixed point and the corrections follow in the log, so the kiosk ends with the
 * latest values, and its summaries and households — kept up as pages land, a corrected row
 * replacing the old one — match its rows.
 */
describe.each(TEST_DATABASE_KINDS)('the county publishes during a first sync (%s)', (kind) => {
  let county: CountyDatabase;
  let server: RunningServer;
  let proxy: FaultProxy;
  let kiosk: TestKiosk | undefined;

  beforeAll(async () => {
    county = await createDemoCountyDatabase(kind);
    server = await startCountyServer(county);
    proxy = await startFaultProxy(server.baseUrl);
  });
  afterEach(() => {
    kiosk?.close();
    kiosk = undefined;
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
    await county?.drop();
  });

  async function villageRows(): Promise<Disbursement[]> {
    const rows = await server.handle.db.selectFrom('changes').select(['key', 'value']).where('stream', '=', 'disbursement').where('village_code', '=', county.demo.villageCode).where('op', '=', 'put').orderBy('id').execute();
    const latest = new Map(rows.map((r) => [r.key, disbursementSchema.parse(JSON.parse(r.value ?? 'null'))]));
    return [...latest.values()];
  }

  /** A round of county corrections, drawn from the seed: every value passes the shared schema. */
  async function publishCorrections(seed: number): Promise<number> {
    const random = seededRandom(seed);
    const rows = await villageRows();
    const pick = () => rows[Math.floor(random() * rows.length)]!;
    const changes: NewChange[] = [];
    const put = (row: Disbursement) => changes.push({ villageCode: row.villageCode, stream: 'disbursement', op: 'put', key: row.id, value: disbursementSchema.parse(row) });
    for (let i = 0; i < 30; i++) {
      const row = pick();
      if (row.status === 'paid') put({ ...row, status: 'returned', paidFen: 0, paidDate: null, failureReason: '账户冻结' });
      else put({ ...row, status: 'paid', paidFen: row.dueFen, paidDate: '2025-12-01', failureReason: '' });
    }
    // A line moved to another household of the village (a registry correction).
    for (let i = 0; i < 3; i++) put({ ...pick(), householdNo: pick().householdNo, headName: '更正户主' });
    for (let i = 0; i < 5; i++) changes.push({ villageCode: county.demo.villageCode, stream: 'disbursement', op: 'delete', key: pick().id, value: null });
    const template = pick();
    put({ ...template, id: `${template.id}-R${seed}`, period: 12, dueFen: 12_345, paidFen: 0, paidDate: null, status: 'pending', failureReason: '' });
    await publishChanges(server.handle.db, changes);
    return changes.length;
  }

  it('corrections published after page 2 of a faulty first sync, and again after it: the kiosk ends with the latest values', async () => {
    kiosk = await openKiosk(county.demo, await enrollDevice(county, server.baseUrl, 'during-sync'));
    const k = kiosk;
    proxy.setSchedule(seededSchedule({ seed: 5, faults: [{ kind: 'dropResponse' }, { kind: 'reset' }, { kind: 'duplicate' }, { kind: 'truncate' }], rate: 0.3, maxFaults: 8 }));
    let served = 0;
    let published: Promise<number> | null = null;
    const inner = k.client(proxy.url, { timeoutMs: 1_500 });
    const client: SyncClient = {
      push: (request) => inner.push(request),
      async pull(since, limit): Promise<PullResponse> {
        const page = await inner.pull(since, limit);
        if (++served === 2) published = publishCorrections(1);
        return page;
      },
    };
    const pull: PullRun = (db, c) => runPull(db, c, { limit: 200, villageCode: county.demo.villageCode });
    const first = await syncUntilDone(k, client, { pull });
    expect(await published).toBeGreaterThan(30);
    expect(Object.keys(first.failures).length + proxy.applied.duplicate).toBeGreaterThan(0);
    await expectPulledExactly(server.handle.db, k.db, county.demo.villageCode);

    // After the first sync: the next corrections arrive as a short backlog.
    await publishCorrections(2);
    await syncUntilDone(k, client, { pull });
    proxy.setSchedule(() => ({ kind: 'none' }));
    await expectPulledExactly(server.handle.db, k.db, county.demo.villageCode);
  });
});
