/** Durations as the spec format writes them: a number is milliseconds; a string takes a unit. */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };
const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)\s*$/;

/** Milliseconds for `250`, `"250ms"`, `"2s"`, `"1m"`; undefined when it is not a duration. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = DURATION.exec(value);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * UNIT_MS[m[2]!]!);
}

/** An inclusive range such as `0-5ms`, `1ms-2s`, or a single duration (`3ms` means 3-3). */
export function parseDurationRange(value: unknown): { min: number; max: number } | undefined {
  const single = parseDuration(value);
  if (single !== undefined) return { min: single, max: single };
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*-\s*(\d+(?:\.\d+)?)\s*(ms|s|m)\s*$/.exec(value);
  if (!m) return undefined;
  const min = parseDuration(`${m[1]}${m[2] ?? m[4]}`)!;
  const max = parseDuration(`${m[3]}${m[4]}`)!;
  return min <= max ? { min, max } : undefined;
}
