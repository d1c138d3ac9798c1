/**
 * Quoted, escaped views of bytes and of text from a user's file: what a
 * protocol author recognises. Both are bounded, so a 100 MB flood (or a file
 * of binary garbage) never becomes a 100 MB message.
 */

/** How many bytes a quoted view shows before it counts the rest. */
export const QUOTE_LIMIT = 96;

/** `"+PONG\r\n"`, escaping control and non-ASCII bytes; `…(N more bytes)` past `limit`. */
export function quoteBytes(bytes: Uint8Array, limit = QUOTE_LIMIT): string {
  const shown = bytes.subarray(0, limit);
  let out = '"';
  for (const b of shown) out += escapeByte(b);
  out += '"';
  if (bytes.length > limit) out += `…(${bytes.length - limit} more bytes)`;
  return out;
}

/** How many characters of a bad value an error message quotes. */
export const VALUE_PREFIX_LIMIT = 40;

/**
 * A value from a user's file, quoted for an error message: JSON-style
 * escapes, and past `limit` characters only a prefix and a count, so a
 * pasted blob or binary garbage is never echoed whole.
 */
export function quoteValue(text: string, limit = VALUE_PREFIX_LIMIT): string {
  const chars = Array.from(text);
  if (chars.length <= limit) return JSON.stringify(text);
  return `${JSON.stringify(chars.slice(0, limit).join(''))}…(${chars.length - limit} more characters)`;
}

/** One byte as it appears inside a quoted view. */
export function escapeByte(b: number): string {
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
