/**
 * The bytes a step expected, read back from its quoted form (`"+PONG\r\n"`,
 * as quoteBytes writes it), so a report can show them in hex beside the
 * bytes received. An expectation in words (a pattern, a length) has no bytes.
 */
const ESCAPES: Readonly<Record<string, number>> = { r: 0x0d, n: 0x0a, t: 0x09, '"': 0x22, '\\': 0x5c };

/** The bytes inside `"…"`, and how many more the quote left out (`…(N more bytes)`); undefined when `quoted` is not one. */
export function unquoteBytes(quoted: string): { bytes: Uint8Array; more: number } | undefined {
  const m = /^"((?:[^"\\]|\\.)*)"(?:…\((\d+) more bytes\))?$/s.exec(quoted);
  if (!m) return undefined;
  const body = m[1]!;
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      const code = c.charCodeAt(0);
      if (code > 0x7e || code < 0x20) return undefined; // quoteBytes escapes every such byte
      out.push(code);
      continue;
    }
    const e = body[++i]!;
    if (e === 'x') {
      const hex = body.slice(i + 1, i + 3);
      if (!/^[0-9a-f]{2}$/i.test(hex)) return undefined;
      out.push(parseInt(hex, 16));
      i += 2;
    } else if (ESCAPES[e] !== undefined) out.push(ESCAPES[e]);
    else return undefined;
  }
  return { bytes: Uint8Array.from(out), more: m[2] !== undefined ? Number(m[2]) : 0 };
}
