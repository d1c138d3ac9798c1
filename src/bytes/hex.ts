/** Hex views of bytes: pairs for a value (`2b 50 4f`), a dump for a report. */

/** Space-separated hex pairs: `2b 50 4f 4e 47 0d 0a`; empty for no bytes. */
export function hexPairs(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0) out += ' ';
    out += bytes[i]!.toString(16).padStart(2, '0');
  }
  return out;
}

/**
 * The hex pairs of `bytes` in rows of `perRow`, for a value too long for one
 * line (a recorded `hex:` block).
 */
export function hexRows(bytes: Uint8Array, perRow: number): string[] {
  const rows: string[] = [];
  for (let i = 0; i < bytes.length; i += perRow) rows.push(hexPairs(bytes.subarray(i, i + perRow)));
  return rows;
}

/**
 * A classic hex dump, 16 bytes a row, with the absolute stream offset in the
 * first column (`base` is the offset of `bytes[0]`) and an ASCII column;
 * past `limit` bytes the rest is counted, not shown. `mark` (offsets in
 * `bytes`) is underlined with `^^`, and shown even past `limit`.
 */
export function hexDump(bytes: Uint8Array, base = 0, limit = 64, mark?: { start: number; end: number }): string {
  const rows: string[] = [];
  const shown = bytes.subarray(0, Math.max(limit, mark ? Math.min(mark.end, bytes.length) : 0));
  for (let i = 0; i < shown.length; i += 16) {
    const row = shown.subarray(i, i + 16);
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    rows.push(`${(base + i).toString(16).padStart(8, '0')}  ${hexPairs(row).padEnd(47)}  |${ascii}|`);
    if (mark && mark.start < i + row.length && mark.end > i) {
      // `^^` under each byte of the marked range in this row.
      const from = Math.max(mark.start, i) - i;
      const to = Math.min(mark.end, i + row.length) - i;
      rows.push(`${' '.repeat(10 + from * 3)}${'^^ '.repeat(to - from).trimEnd()}`);
    }
  }
  if (bytes.length > limit) rows.push(`… ${bytes.length - limit} more bytes`);
  return rows.join('\n');
}
