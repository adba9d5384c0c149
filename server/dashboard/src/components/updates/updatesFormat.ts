/**
 * Installer sizes as staff see the same file in Windows Explorer on the build machine: binary
 * units (1 MB = 1024 KB), MB with one decimal, whole KB below one MB.
 */
export function formatFileSize(bytes: number, locale: string): string {
  const number = (value: number, digits: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
  if (bytes < 1024 * 1024) return `${number(Math.max(1, Math.ceil(bytes / 1024)), 0)} KB`;
  return `${number(bytes / (1024 * 1024), 1)} MB`;
}
