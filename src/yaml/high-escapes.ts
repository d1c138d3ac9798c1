/**
 * Finds the `\x80`–`\xff` escapes of a double-quoted YAML string. YAML reads
 * each as a character (U+0080–U+00FF), which a payload sends as two UTF-8
 * bytes: `"\xff"` goes out as c3 bf, never as ff. (`\u00e9` says "the
 * character é" in so many words, so it is left alone.)
 */

export interface HighEscape {
  /** Where the escape's backslash stands in the raw text. */
  readonly index: number;
  /** The escape as written, e.g. `\xff`. */
  readonly written: string;
  /** The character's code point, 0x80–0xff. */
  readonly code: number;
}

/** The high escapes in `raw`, a scalar's source text; none unless it is double-quoted. */
export function highEscapes(raw: string): HighEscape[] {
  if (!raw.startsWith('"')) return [];
  const found: HighEscape[] = [];
  let i = 1;
  while (i < raw.length) {
    if (raw[i] !== '\\') {
      i += 1;
      continue;
    }
    const hex = raw.slice(i + 2, i + 4);
    if (raw[i + 1] === 'x' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      const code = parseInt(hex, 16);
      if (code >= 0x80) found.push({ index: i, written: raw.slice(i, i + 4), code });
      i += 4;
    } else i += 2; // any other escape, `\\` included, starts with two characters that hold no `\x`
  }
  return found;
}

/** The warning for a string holding `escapes` (at least one): what it really is, and how to write raw bytes. */
export function highEscapeWarning(escapes: readonly HighEscape[]): string {
  const one = escapes.length === 1;
  const hex = (e: HighEscape): string => e.code.toString(16).padStart(2, '0');
  const utf8 = Buffer.from(escapes.map((e) => String.fromCharCode(e.code)).join(''), 'utf8');
  return (
    `"${escapes.map((e) => e.written).join('')}" in a double-quoted string ${one ? 'is the character' : 'are the characters'} ` +
    `${escapes.map((e) => `U+${e.code.toString(16).toUpperCase().padStart(4, '0')}`).join(' ')}, ` +
    `the UTF-8 bytes ${[...utf8].map((b) => b.toString(16).padStart(2, '0')).join(' ')} on the wire, ` +
    `not ${one ? 'the byte' : 'the bytes'} ${escapes.map(hex).join(' ')}; ` +
    `write raw bytes with { hex: "${escapes.map(hex).join(' ')}" } or a struct field (u8: 0x${hex(escapes[0]!)})`
  );
}
