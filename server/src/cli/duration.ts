const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `90m`, `24h`, `7d` → milliseconds; anything else is undefined (the caller explains the format). */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,6})([mhd])$/.exec(text.trim());
  if (match === null) return undefined;
  const amount = Number(match[1]);
  if (amount === 0) return undefined;
  return amount * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
