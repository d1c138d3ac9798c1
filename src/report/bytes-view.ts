/**
 * Renders bytes for people: a quoted, escaped text view (what a protocol
 * author recognises) and a hex view (what they need when the bytes are not
 * printable). Both are bounded, so a 100 MB flood never becomes a 100 MB message.
 */

const DEFAULT_LIMIT = 96;

/** `"+PONG\r\n"`, escaping control and non-ASCII bytes; `…(N more bytes)` past `limit`. */
export function quoteBytes(bytes: Uint8Array, limit = DEFAULT_LIMIT): string {
  const shown = bytes.subarray(0, limit);
  let out = '"';
  for (const b of shown) out += escapeByte(b);
  out += '"';
  if (bytes.length > limit) out += `…(${bytes.length - limit} more bytes)`;
  return out;
}

function escapeByte(b: number): string {
  switch (b) {
    case 0x0d:
      return '\\r';
    case 0x0a:
      return '\\n';
    case 0x09:
      return '\\t';
    case 0x22:
      return '\\"';
    case 0x5c:
      return '\\\\';
    default:
      if (b >= 0x20 && b < 0x7f) return String.fromCharCode(b);
      return `\\x${b.toString(16).padStart(2, '0')}`;
  }
}

/** True when every byte is printable ASCII or common whitespace. */
export function isPrintable(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (!((b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d || b === 0x09)) return false;
  }
  return true;
}

/**
 * A classic hex dump, 16 bytes a row, with the absolute stream offset in the
 * first column (`base` is the offset of `bytes[0]`) and an ASCII column.
 */
export function hexView(bytes: Uint8Array, base = 0, limit = 64): string {
  const rows: string[] = [];
  const shown = bytes.subarray(0, limit);
  for (let i = 0; i < shown.length; i += 16) {
    const row = shown.subarray(i, i + 16);
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    rows.push(`${(base + i).toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  |${ascii}|`);
  }
  if (bytes.length > limit) rows.push(`… ${bytes.length - limit} more bytes`);
  return rows.join('\n');
}

/** `3 bytes`, `1.5 KiB`, `100.0 MiB`. */
export function formatSize(n: number): string {
  if (n < 1024) return `${n} byte${n === 1 ? '' : 's'}`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}

/** Every line of `text` indented by `by` (four spaces), for nested report lines. */
export function indent(text: string, by = '    '): string {
  return text
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}
