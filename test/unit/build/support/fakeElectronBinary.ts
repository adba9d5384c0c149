/**
 * A stand-in for the Electron executable that carries a real fuse wire. Electron cannot be
 * downloaded here, but @electron/fuses only looks for the sentinel and the wire after it, so a
 * file with the same layout lets the fuse hook run for real: flip, read back, verify.
 *
 * Layout (@electron/fuses 2): sentinel, version byte (1), wire length byte, one byte per fuse
 * ('0' disabled, '1' enabled, 'r' removed).
 */

export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * Electron 45's shipped wire, in FuseV1Options order: RunAsNode, EnableCookieEncryption,
 * EnableNodeOptionsEnvironmentVariable, EnableNodeCliInspectArguments,
 * EnableEmbeddedAsarIntegrityValidation, OnlyLoadAppFromAsar, LoadBrowserProcessSpecificV8Snapshot,
 * GrantFileProtocolExtraPrivileges, WasmTrapHandlers.
 */
export const ELECTRON_DEFAULT_WIRE = '101100011';

export function fakeElectronBinary(wire: string = ELECTRON_DEFAULT_WIRE): Buffer {
  if (!/^[01r]{1,255}$/.test(wire)) throw new Error(`not a fuse wire: ${wire}`);
  return Buffer.concat([
    // A shell stub first, so the file is also a runnable executable for electron-builder.
    Buffer.from('#!/bin/sh\n# stand-in Electron binary for packaging tests\nexit 0\n'),
    Buffer.from(FUSE_SENTINEL, 'latin1'),
    Buffer.from([1, wire.length]),
    Buffer.from(wire, 'latin1'),
    // Bytes after the wire must stay untouched by the flip.
    Buffer.from('\n# end of stand-in\n'),
  ]);
}

/** The wire as a '0'/'1' string, read straight from the bytes (independently of @electron/fuses). */
export function readWire(binary: Buffer): string {
  const at = binary.indexOf(FUSE_SENTINEL, 0, 'latin1');
  if (at < 0) throw new Error('no fuse sentinel');
  const length = binary[at + FUSE_SENTINEL.length + 1] ?? 0;
  const start = at + FUSE_SENTINEL.length + 2;
  return binary.subarray(start, start + length).toString('latin1');
}
