import { hexPairs, isPrintable, quoteBytes } from '../bytes';

/** Shows bytes the way a report should: quoted text when printable, hex otherwise; long values are cut. */
export function showBytes(bytes: Uint8Array, limit = 64): string {
  const shown = bytes.subarray(0, limit);
  const more = bytes.byteLength > limit ? `…(+${bytes.byteLength - limit} bytes)` : '';
  if (isPrintable(shown)) return quoteBytes(shown, shown.length) + more;
  return `<hex ${hexPairs(shown)}>${more}`;
}

/** Concatenates byte arrays into one new plain `Uint8Array`. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** The UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
