import { createHash, randomBytes } from 'node:crypto';

/** A stand-in installer file for publish-update tests. */
export interface Installer {
  name: string;
  bytes: Buffer;
}

/** Random bytes, so a wrong range, size or checksum taken from the wrong file can never match by accident. */
export function installer(name: string, size: number): Installer {
  return { name, bytes: randomBytes(size) };
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
