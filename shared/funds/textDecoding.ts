import type { FundTextEncoding } from '../dashboard/funds';
import { ByteSequenceValidator } from './byteValidator';
import { FundFileError } from './fileError';

/** Bytes looked at to choose an encoding: enough for the title, the header and many rows. */
export const ENCODING_SNIFF_BYTES = 64 * 1024;

interface TextDecoderLike {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
type TextDecoderConstructorLike = new (label: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => TextDecoderLike;
// shared/ is compiled without DOM or Node types; both runtimes have a WHATWG TextDecoder.
const Decoder = (globalThis as unknown as { TextDecoder: TextDecoderConstructorLike }).TextDecoder;

const LABELS: Record<FundTextEncoding, string> = { 'utf-8': 'utf-8', 'utf-8-bom': 'utf-8', gb18030: 'gb18030' };

function decodesStrictly(label: string, bytes: Uint8Array, wholeFile: boolean): boolean {
  try {
    new Decoder(label, { fatal: true }).decode(bytes, { stream: !wholeFile });
    return true;
  } catch {
    return false;
  }
}

/**
 * Chooses how to read a CSV from its first bytes: a UTF-8 byte-order mark wins; otherwise
 * strict UTF-8 over the window; otherwise GB18030, which reads GBK and GB2312 too (the usual
 * encoding of lists saved by Excel on a Chinese Windows). UTF-16 is refused rather than decoded
 * into garbage. `wholeFile` says the window is the entire file (so a cut character is an error).
 */
export function sniffFundTextEncoding(head: Uint8Array, wholeFile: boolean): FundTextEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new FundFileError('the file is UTF-16 text; save it as CSV UTF-8 or as CSV (GBK)');
  }
  if (head.includes(0)) {
    throw new FundFileError('the file contains NUL bytes: it is UTF-16 text without a byte-order mark, or not text at all; save it as CSV UTF-8 or CSV (GBK)');
  }
  if (decodesStrictly('utf-8', head, wholeFile)) return 'utf-8';
  if (decodesStrictly('gb18030', head, wholeFile)) return 'gb18030';
  const validator = new ByteSequenceValidator('gb18030');
  const offset = validator.push(head) ?? (wholeFile ? validator.finish() : null) ?? 0;
  throw new FundFileError(`the file is neither UTF-8 nor GBK/GB18030 text (invalid byte sequence at byte offset ${offset})`);
}

/**
 * Streams bytes to text in the chosen encoding; any invalid byte sequence later in the file is a
 * file-level error naming its byte offset (nothing is silently replaced by U+FFFD).
 */
export class FundTextDecoder {
  private readonly decoder: TextDecoderLike;
  private readonly validator: ByteSequenceValidator;
  private bytesSeen = 0;

  constructor(readonly encoding: FundTextEncoding) {
    // The BOM is kept in the text: CsvStreamParser skips it.
    this.decoder = new Decoder(LABELS[encoding], { fatal: true, ignoreBOM: true });
    this.validator = new ByteSequenceValidator(encoding);
  }

  decode(chunk: Uint8Array): string {
    const invalid = this.validator.push(chunk);
    if (invalid !== null) throw this.invalidAt(invalid);
    const start = this.bytesSeen;
    this.bytesSeen += chunk.length;
    try {
      return this.decoder.decode(chunk, { stream: true });
    } catch {
      // A sequence that is well formed but maps to nothing (a few GB18030 four-byte ranges).
      throw this.invalidAt(start, `between byte offsets ${start} and ${this.bytesSeen}`);
    }
  }

  finish(): string {
    const cut = this.validator.finish();
    if (cut !== null) throw new FundFileError(`the file ends in the middle of a ${this.name()} character (byte offset ${cut})`);
    try {
      return this.decoder.decode();
    } catch {
      throw new FundFileError(`the file ends in the middle of a ${this.name()} character`);
    }
  }

  private name(): string {
    return this.encoding === 'gb18030' ? 'GBK/GB18030' : 'UTF-8';
  }

  private invalidAt(offset: number, where = `at byte offset ${offset}`): FundFileError {
    return new FundFileError(`invalid ${this.name()} byte sequence ${where}: the file mixes encodings or is damaged`);
  }
}
