/**
 * `attachment` with an ASCII fallback name and the real (Chinese) one in RFC 5987 form: every
 * browser the county uses reads filename*, and the fallback keeps the header plain ASCII.
 */
export function attachmentDisposition(asciiName: string, utf8Name: string): string {
  const fallback = asciiName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(utf8Name)}`;
}

/** encodeURIComponent leaves ' ( ) * ! unescaped; RFC 5987's attr-char does not allow them. */
function encodeRfc5987(text: string): string {
  return encodeURIComponent(text).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
