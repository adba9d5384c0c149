import { createHash, randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { canonicalJson } from '../../../shared/audit/auditChain';
import { formatReceiptNo } from '../../../shared/cases/receiptNo';
import { SETTLED_STATES } from '../../../shared/cases/transitions';
import type { CaseEvent, CaseState } from '../../../shared/domain/case';
import type { Feedback, FeedbackCategory } from '../../../shared/domain/feedback';
import { completeIdNumber } from '../../../shared/identity/idNumber';
import { uuidv7 } from '../../../shared/ids/uuidv7';
import { maskPersonName } from '../../../shared/privacy/masking';

/**
 * Seeds a county database (already migrated) straight through SQLite, in chunked transactions:
 * villages, kiosks, every case as its stored events (creation, then legal transitions up to its
 * state) and its projection row, and feedback tickets with answers. The summary tables are left
 * to the caller (rebuildCaseSummaries), as after a backfill.
 */
export interface SeedOptions {
  file: string;
  villages: number;
  cases: number;
  feedback: number;
  now: Date;
  /** Cases are received evenly over this many days before `now`. */
  spanDays: number;
}

export interface SeededCounty {
  villageCodes: string[];
}

const DAY_MS = 86_400_000;
const CHUNK = 5_000;
const ITEMS = [
  ['MZ001', '低保申请'], ['MZ002', '特困供养申请'], ['NY001', '耕地地力保护补贴'], ['NY002', '农机购置补贴'], ['CJ001', '残疾人两项补贴'],
  ['YL001', '城乡居民养老保险'], ['YB001', '医保缴费'], ['HJ001', '户籍证明'], ['JZ001', '危房改造'], ['JY001', '教育资助'],
] as const;
const PATHS: Record<CaseState, CaseState[]> = {
  entrusted: [],
  accepted: ['accepted'],
  awaitingMaterials: ['accepted', 'awaitingMaterials'],
  submitted: ['accepted', 'submitted'],
  completed: ['accepted', 'submitted', 'completed'],
  handedBack: ['accepted', 'submitted', 'completed', 'handedBack'],
  declined: ['declined'],
  terminated: ['accepted', 'terminated'],
  renewed: ['accepted', 'submitted', 'completed', 'handedBack', 'renewed'],
};
const REASONS: Partial<Record<CaseState, string>> = { awaitingMaterials: '缺户口簿复印件', declined: '不符合申请条件', terminated: '申请人撤回' };
const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '欧阳'];
const CATEGORIES: FeedbackCategory[] = ['objection', 'consultation', 'complaint', 'suggestion'];

/** A small deterministic generator, so two runs seed the same county. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Recent cases are mostly still open; older ones mostly settled, a few stuck (overdue). */
function pickState(rand: () => number, recent: boolean): CaseState {
  const r = rand();
  if (recent) return r < 0.3 ? 'entrusted' : r < 0.55 ? 'accepted' : r < 0.65 ? 'awaitingMaterials' : r < 0.85 ? 'submitted' : 'completed';
  if (r < 0.01) return 'awaitingMaterials';
  if (r < 0.03) return 'submitted';
  return r < 0.75 ? 'completed' : r < 0.88 ? 'handedBack' : r < 0.95 ? 'declined' : 'terminated';
}

function villageCodes(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `130123${String(100 + Math.floor(i / 10)).padStart(3, '0')}${String(201 + (i % 10))}`);
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function seedCounty(options: SeedOptions): SeededCounty {
  const sqlite = new BetterSqlite3(options.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = OFF');
  const rand = random(20261127);
  const codes = villageCodes(options.villages);
  const nowIso = options.now.toISOString();
  const now = options.now.getTime();

  const insertVillage = sqlite.prepare('insert into villages (code, name, township_code, groups, created_at) values (?, ?, ?, ?, ?)');
  const insertDevice = sqlite.prepare('insert into devices (id, village_code, name, token_hash, enrolled_at, revoked_at, last_seen_at, author_id, station_no) values (?, ?, ?, ?, ?, null, ?, ?, ?)');
  const devices: string[] = [];
  sqlite.transaction(() => {
    codes.forEach((code, i) => {
      insertVillage.run(code, `第${i + 1}村`, code.slice(0, 9), 8, nowIso);
      // Every 20th village has no kiosk; every 15th last synced ten days ago (stale).
      if (i % 20 === 19) return;
      const id = uuidv7(now - 400 * DAY_MS);
      const lastSeen = i % 15 === 14 ? now - 10 * DAY_MS : now - Math.floor(rand() * 6 * 3_600_000);
      insertDevice.run(id, code, `kiosk-${i}`, createHash('sha256').update(randomBytes(16)).digest('hex'), nowIso, new Date(lastSeen).toISOString(), id, 1);
      devices.push(id);
    });
  })();

  const insertEvent = sqlite.prepare('insert into case_events (id, case_id, village_code, device_id, type, author_seq, body, received_at, receipt_no) values (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertCase = sqlite.prepare(`insert into cases (id, receipt_no, village_code, item_code, item_name, state, is_open, applicant_name_masked, created_on, deadline, received_at, updated_at, event_count)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const authorSeq = new Map<string, number>();
  const dailySeq = new Map<string, number>();
  const idNumber = completeIdNumber('13012319800101001');
  const start = now - options.spanDays * DAY_MS;
  const step = (options.spanDays * DAY_MS) / Math.max(1, options.cases);

  const seedCase = (n: number): void => {
    const villageIndex = Math.floor(rand() * codes.length);
    const village = codes[villageIndex] as string;
    const deviceId = devices[villageIndex % devices.length] as string;
    const receivedMs = Math.floor(start + n * step);
    const createdOn = day(receivedMs - Math.floor(rand() * 2) * DAY_MS);
    const stationKey = `${village}|${createdOn}`;
    const seq = (dailySeq.get(stationKey) ?? 0) + 1;
    dailySeq.set(stationKey, seq);
    // Past 99 a day the receipt moves to another station digit: numbers stay well-formed and unique.
    const receiptNo = formatReceiptNo('DB', village, createdOn, ((seq - 1) % 99) + 1, 1 + Math.floor((seq - 1) / 99));
    const [itemCode, itemName] = ITEMS[Math.floor(rand() * ITEMS.length)] as readonly [string, string];
    const name = `${SURNAMES[Math.floor(rand() * SURNAMES.length)]}小明`;
    const state = pickState(rand, receivedMs > now - 30 * DAY_MS);
    const deadline = day(Date.parse(createdOn) + 14 * DAY_MS);
    const caseId = uuidv7(receivedMs);
    const nextSeq = () => {
      const value = (authorSeq.get(deviceId) ?? 0) + 1;
      authorSeq.set(deviceId, value);
      return value;
    };
    const author = { kind: 'device' as const, id: deviceId };
    const created: CaseEvent = {
      id: uuidv7(receivedMs), caseId, author, authorSeq: nextSeq(), parentId: null, recordedAt: `${createdOn}T09:00:00+08:00`, actorName: '王会计',
      type: 'created', receiptNo, itemCode, itemName, applicant: { name, idNumber, phone: '13800000000', group: 1 + (n % 8) },
      materials: [{ name: '户口簿', copies: 1, original: true, received: true }], promisedDays: 10, deadline, householdKey: null, disbursementId: null, note: '',
    };
    const receivedAt = new Date(receivedMs).toISOString();
    insertEvent.run(created.id, caseId, village, deviceId, 'created', created.authorSeq, canonicalJson(created), receivedAt, receiptNo);
    let parentId = created.id;
    let updatedMs = receivedMs;
    for (const to of PATHS[state]) {
      updatedMs += Math.floor(rand() * 3 * DAY_MS);
      const event: CaseEvent = { id: uuidv7(updatedMs), caseId, author, authorSeq: nextSeq(), parentId, recordedAt: `${day(updatedMs)}T10:00:00+08:00`, actorName: '王会计', type: 'transition', to, reason: REASONS[to] ?? '' };
      insertEvent.run(event.id, caseId, village, deviceId, 'transition', event.authorSeq, canonicalJson(event), new Date(updatedMs).toISOString(), null);
      parentId = event.id;
    }
    insertCase.run(caseId, receiptNo, village, itemCode, itemName, state, SETTLED_STATES.includes(state) ? 0 : 1, maskPersonName(name), createdOn, deadline, receivedAt, new Date(updatedMs).toISOString(), 1 + PATHS[state].length);
  };
  for (let from = 0; from < options.cases; from += CHUNK) {
    sqlite.transaction(() => {
      for (let n = from; n < Math.min(options.cases, from + CHUNK); n++) seedCase(n);
    })();
  }

  seedFeedback(sqlite, options, codes, devices, rand);
  sqlite.close();
  return { villageCodes: codes };
}

function seedFeedback(sqlite: BetterSqlite3.Database, options: SeedOptions, codes: string[], devices: string[], rand: () => number): void {
  const insertFeedback = sqlite.prepare('insert into feedback (id, village_code, device_id, body, received_at, ticket_no) values (?, ?, ?, ?, ?, ?)');
  const insertAnswer = sqlite.prepare('insert into feedback_answers (feedback_id, body, answered_at) values (?, ?, ?)');
  const insertQueue = sqlite.prepare('insert into feedback_queue (feedback_id, village_code, category, received_at, is_open) values (?, ?, ?, ?, ?)');
  const now = options.now.getTime();
  const start = now - options.spanDays * DAY_MS;
  sqlite.transaction(() => {
    for (let n = 0; n < options.feedback; n++) {
      const villageIndex = Math.floor(rand() * codes.length);
      const village = codes[villageIndex] as string;
      const receivedMs = Math.floor(start + (n * options.spanDays * DAY_MS) / Math.max(1, options.feedback));
      const ticketNo = formatReceiptNo('YJ', village, day(receivedMs), 1 + (n % 99), 1 + Math.floor(n / 99) % 9);
      const category = CATEGORIES[n % CATEGORIES.length] as FeedbackCategory;
      const feedback: Feedback = {
        id: uuidv7(receivedMs), ticketNo, localNo: ticketNo.slice(-10).replace('-', ''), subject: { kind: 'general' }, category,
        text: '补贴金额与公示不一致，请核实', callbackPhone: null, state: 'open', createdAt: `${day(receivedMs)}T11:00:00+08:00`, answer: null,
      };
      const receivedAt = new Date(receivedMs).toISOString();
      insertFeedback.run(feedback.id, village, devices[villageIndex % devices.length], canonicalJson(feedback), receivedAt, ticketNo);
      // The latest month's tickets are mostly still open; older ones answered.
      const open = receivedMs > now - 30 * DAY_MS ? rand() < 0.7 : rand() < 0.02;
      if (!open) {
        const at = new Date(receivedMs + 2 * DAY_MS).toISOString();
        insertAnswer.run(feedback.id, canonicalJson({ feedbackId: feedback.id, state: 'answered', answer: { text: '已核实处理', by: '县信访办', at } }), at);
      }
      insertQueue.run(feedback.id, village, category, receivedAt, open ? 1 : 0);
    }
  })();
}
