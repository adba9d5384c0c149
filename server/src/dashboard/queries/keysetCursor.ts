import { z } from 'zod';
import { HttpError } from '../../httpError';

/**
 * Keyset cursors: the (server time, id) of the last row of a page, opaque to the client. Pages
 * continue strictly after it, so rows inserted meanwhile never shift a page (no duplicates, no gaps).
 */
export interface KeysetPosition {
  at: string;
  id: string;
}

const positionSchema = z.tuple([z.string().min(1).max(40), z.string().min(1).max(64)]);

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const [at, id] = positionSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { at, id };
  } catch {
    throw new HttpError(400, 'INVALID_CURSOR', 'the page cursor is not one this server issued');
  }
}
