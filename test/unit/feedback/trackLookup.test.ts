import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupTracking } from '../../../renderer/src/components/track/trackLookup';
import { TrackingScanBuffer } from '../../../renderer/src/components/track/trackingScanBuffer';
import { importCountyData } from '../../../renderer/src/db/import/importCountyData';
import { createTextSource } from '../../../renderer/src/db/import/source';
import { createFeedback } from '../../../renderer/src/db/repositories/feedback';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import type { Feedback } from '../../../shared/domain/feedback';
import { countyFiles } from '../db/support/countyFixture';
import { freshDb } from '../db/support/testDb';

describe('lookupTracking', () => {
  let db: KioskDatabase;
  let ticket: Feedback;
  beforeAll(async () => {
    db = freshDb();
    await importCountyData(db, createTextSource(countyFiles()));
    const result = await createFeedback(db, { subject: { kind: 'general' }, category: 'suggestion', text: '多开几天', callbackPhone: '' }, { today: '2024-09-02' });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    ticket = result.feedback;
  });
  afterAll(() => db.close());

  it('finds a ticket by its 9 digits and by its full number, scanned in lower case too', async () => {
    expect(await lookupTracking(db, '240902001')).toEqual({ kind: 'feedback', record: ticket });
    expect(await lookupTracking(db, ` ${ticket.ticketNo} `)).toEqual({ kind: 'feedback', record: ticket });
    expect(await lookupTracking(db, ticket.ticketNo.toLowerCase())).toEqual({ kind: 'feedback', record: ticket });
  });

  it('does not take another village’s receipt, or a case number, for this ticket', async () => {
    const otherVillage = ticket.ticketNo.replace(/^YJ-\d{12}/, 'YJ-999999999999');
    expect(await lookupTracking(db, otherVillage)).toEqual({ kind: 'notFound', number: otherVillage });
    const asCase = ticket.ticketNo.replace(/^YJ/, 'DB');
    expect(await lookupTracking(db, asCase)).toEqual({ kind: 'notFound', number: asCase });
  });

  it('tells an unknown number from a malformed one', async () => {
    expect(await lookupTracking(db, '240902999')).toEqual({ kind: 'notFound', number: '240902999' });
    expect(await lookupTracking(db, '24090200')).toEqual({ kind: 'invalid' });
    expect(await lookupTracking(db, '<script>')).toEqual({ kind: 'invalid' });
  });
});

describe('TrackingScanBuffer', () => {
  const feedAll = (buffer: TrackingScanBuffer, keys: string[], start = 0, gap = 10): (string | null)[] => keys.map((k, i) => buffer.feed(k, start + i * gap));

  it('hands over what a scanner typed when Enter ends it, Shift keys included', () => {
    const buffer = new TrackingScanBuffer();
    const keys = ['Shift', 'Y', 'Shift', 'J', '-', ...'341222100001-240902-001'.split(''), 'Enter'];
    expect(feedAll(buffer, keys).at(-1)).toBe('YJ-341222100001-240902-001');
  });

  it('starts over after a long pause or a stray key, and ignores a lone Enter', () => {
    const buffer = new TrackingScanBuffer();
    feedAll(buffer, ['1', '2', '3']);
    expect(feedAll(buffer, [...'240902001'.split(''), 'Enter'], 10_000).at(-1)).toBe('240902001');
    feedAll(buffer, ['9', '9', ' ', '1'], 20_000);
    expect(buffer.feed('Enter', 20_100)).toBe('1');
    expect(buffer.feed('Enter', 20_200)).toBeNull();
  });
});
