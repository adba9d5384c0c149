/**
 * The one Range form a resuming kiosk sends (`bytes=START-` or `bytes=START-END`, and the suffix
 * form `bytes=-N` for completeness). Several ranges in one header are answered with the whole
 * file, which RFC 9110 §14.2 allows ("a server MAY ignore the Range header").
 */
export type ByteRangeRequest =
  | { kind: 'whole' }
  | { kind: 'range'; start: number; end: number }
  | { kind: 'unsatisfiable' };

export function parseByteRange(header: string | undefined, size: number): ByteRangeRequest {
  if (header === undefined) return { kind: 'whole' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Another unit, a list of ranges or garbage: ignoring the header is the safe answer.
  if (match === null) return { kind: 'whole' };
  const [, startText = '', endText = ''] = match;
  if (startText === '' && endText === '') return { kind: 'whole' };
  if (startText === '') {
    const suffix = Number(endText);
    if (!Number.isSafeInteger(suffix) || suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(startText);
  if (!Number.isSafeInteger(start) || start >= size) return { kind: 'unsatisfiable' };
  const end = endText === '' ? size - 1 : Math.min(Number(endText), size - 1);
  if (!Number.isSafeInteger(end) || end < start) return endText !== '' && Number(endText) < start ? { kind: 'whole' } : { kind: 'unsatisfiable' };
  return { kind: 'range', start, end };
}
