import { MAX_FILE_BYTES } from '../../../shared/ipc/methods';

/**
 * Files in a plain browser: a save is a download (the browser's own download folder or prompt), an
 * open is a hidden <input type=file>. Used by the web bridge in the county preview and the tests.
 */

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Starts a download of the bytes under the given name. */
export function downloadBytes(document: Document, name: string, bytes: Uint8Array<ArrayBuffer>, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Revoked later: the download reads the blob after click() returns.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}

export class WebFileTooLargeError extends Error {}

/** Lets the user pick one file; resolves null on cancel. */
export function pickFile(document: Document, extensions: readonly string[]): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = extensions.map((extension) => `.${extension}`).join(',');
    input.style.display = 'none';
    input.dataset.testid = 'web-file-input';
    const finish = (file: File | null): void => {
      input.remove();
      resolve(file);
    };
    input.addEventListener('change', () => finish(input.files?.[0] ?? null), { once: true });
    input.addEventListener('cancel', () => finish(null), { once: true });
    document.body.append(input);
    input.click();
  });
}

/** The file's bytes as base64, refusing anything over the bridge's size limit. */
export async function fileToBase64(file: Blob): Promise<string> {
  if (file.size > MAX_FILE_BYTES) throw new WebFileTooLargeError('the file is larger than 200 MB');
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}
