/**
 * Base64 for binary data in the browser and in Node without Buffer (the renderer has no Node types).
 * Converted in chunks: spreading a large array into String.fromCharCode overflows the call stack.
 */
const CHUNK = 0x8000;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let start = 0; start < bytes.length; start += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(start, start + CHUNK));
  }
  return btoa(binary);
}

export const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Throws on text that is not canonical base64, so a damaged file is never half-decoded. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  if (!BASE64_PATTERN.test(text)) throw new Error('not base64');
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
