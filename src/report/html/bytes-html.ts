/**
 * Bytes as HTML, quoted and in hex, with spans of them marked: the first
 * byte that differs from what a step expected, or the field a matcher named.
 * The layout is the one the text reports use (quoteBytes, hexDump); a marked
 * byte is a `<mark>` in both views, so it is found by eye and by a browser test.
 */
import { escapeByte, hexPairs } from '../../bytes';

export interface ByteMark {
  /** First marked byte, counted from the start of the bytes shown. */
  readonly start: number;
  /** One past the last marked byte. */
  readonly end: number;
  /** The mark's class: `diff` for a first difference, `field` for a named field. */
  readonly kind: 'diff' | 'field';
  /** Shown on hover. */
  readonly title: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** The marks over byte `i`, innermost last. */
function marksAt(marks: readonly ByteMark[], i: number): ByteMark[] {
  return marks.filter((m) => i >= m.start && i < m.end);
}

/**
 * Runs of bytes under the same marks, each rendered by `render` and wrapped
 * in one `<mark>` per mark over it.
 */
function markedRuns(
  bytes: Uint8Array,
  from: number,
  to: number,
  marks: readonly ByteMark[],
  render: (run: Uint8Array) => string,
  separator = '',
): string {
  const out: string[] = [];
  let runStart = from;
  const key = (i: number): string =>
    marksAt(marks, i)
      .map((m) => `${m.kind}${m.start}`)
      .join(',');
  for (let i = from + 1; i <= to; i++) {
    if (i < to && key(i) === key(runStart)) continue;
    let html = render(bytes.subarray(runStart, i));
    for (const m of marksAt(marks, runStart))
      html = `<mark class="${m.kind}" title="${esc(m.title)}" data-byte="${m.start}">${html}</mark>`;
    out.push(html);
    runStart = i;
  }
  return out.join(separator);
}

/** `"+PONG\r\n"` with marked bytes; `…(N more bytes)` past `limit`. */
export function markedQuote(bytes: Uint8Array, marks: readonly ByteMark[], limit: number): string {
  const n = Math.min(bytes.length, limit);
  const body = n > 0 ? markedRuns(bytes, 0, n, marks, (run) => esc(Array.from(run, escapeByte).join(''))) : '';
  return `"${body}"${bytes.length > limit ? esc(`…(${bytes.length - limit} more bytes)`) : ''}`;
}

/** hexDump's rows (offset, 16 hex pairs, the printable bytes) with marked bytes. */
export function markedHexDump(bytes: Uint8Array, base: number, marks: readonly ByteMark[], limit: number): string {
  const rows: string[] = [];
  const n = Math.min(bytes.length, limit);
  for (let i = 0; i < n; i += 16) {
    const end = Math.min(i + 16, n);
    // A space between runs, as between any two pairs; the row is padded as hexDump pads it.
    const pairs = markedRuns(bytes, i, end, marks, (run) => hexPairs(run), ' ');
    const pad = ' '.repeat(Math.max(0, 47 - ((end - i) * 3 - 1)));
    const ascii = markedRuns(bytes, i, end, marks, (run) =>
      esc(Array.from(run, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('')),
    );
    rows.push(`${(base + i).toString(16).padStart(8, '0')}  ${pairs}${pad}  |${ascii}|`);
  }
  if (bytes.length > limit) rows.push(`… ${bytes.length - limit} more bytes`);
  return rows.join('\n');
}
