import { basename } from 'node:path';
import { IPC_ERROR_CODES, MAX_FILE_BYTES, type OpenFileRequest, type SaveFileRequest } from '../../shared/ipc/contract';
import { KioskIpcError } from './ipcRouter';

/**
 * saveFile / openFile in main: the agent picks the place in a native dialog (a USB stick), the page
 * never names a path. Written against small functions main supplies, so it is tested without Electron.
 */
export interface FileDialogs {
  /** The chosen path, or null when cancelled. */
  showSave: (options: { defaultName: string; extensions: string[] }) => Promise<string | null>;
  showOpen: (options: { extensions: string[] }) => Promise<string | null>;
}

export interface FileSystem {
  writeFile: (path: string, data: Uint8Array) => Promise<void>;
  /** Size in bytes, checked before reading so a huge file is never loaded. */
  fileSize: (path: string) => Promise<number>;
  readFile: (path: string) => Promise<Uint8Array>;
}

/** Keeps a suggested name to one harmless path segment (the schema already refused separators). */
export function sanitizeFileName(name: string): string {
  const cleaned = basename(name.replace(/[\\/:*?"<>|\p{Cc}]/gu, '_')).trim().replace(/^\.+/, '');
  return (cleaned || 'kiosk-file').slice(0, 120);
}

function extensionOf(name: string): string[] {
  const match = /\.([a-z0-9]{1,10})$/i.exec(name);
  return match?.[1] ? [match[1].toLowerCase()] : [];
}

export async function saveFileWithDialog(request: SaveFileRequest, dialogs: FileDialogs, fs: FileSystem): Promise<{ saved: boolean }> {
  const data = Buffer.from(request.contentBase64, 'base64');
  if (data.byteLength > MAX_FILE_BYTES) throw new KioskIpcError(IPC_ERROR_CODES.invalidArgument, 'file is larger than 200 MB');
  const defaultName = sanitizeFileName(request.suggestedName);
  const path = await dialogs.showSave({ defaultName, extensions: extensionOf(defaultName) });
  if (path === null) return { saved: false };
  try {
    await fs.writeFile(path, data);
  } catch (error) {
    throw new KioskIpcError(IPC_ERROR_CODES.fileFailed, `cannot write the file: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { saved: true };
}

export async function openFileWithDialog(
  request: OpenFileRequest,
  dialogs: FileDialogs,
  fs: FileSystem,
): Promise<{ file: { name: string; contentBase64: string } | null }> {
  const path = await dialogs.showOpen({ extensions: request.extensions });
  if (path === null) return { file: null };
  try {
    const size = await fs.fileSize(path);
    if (size > MAX_FILE_BYTES) throw new KioskIpcError(IPC_ERROR_CODES.fileFailed, 'the file is larger than 200 MB');
    const data = await fs.readFile(path);
    return { file: { name: basename(path).slice(0, 255) || 'file', contentBase64: Buffer.from(data).toString('base64') } };
  } catch (error) {
    if (error instanceof KioskIpcError) throw error;
    throw new KioskIpcError(IPC_ERROR_CODES.fileFailed, `cannot read the file: ${error instanceof Error ? error.message : String(error)}`);
  }
}
