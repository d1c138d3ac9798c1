/**
 * Cuts that know a struct send's fields: where framing code that reads a
 * header with one `recv()` breaks (between fields, inside a multi-byte
 * integer, a varint or a length), and the words that name such a cut
 * (`inside field 1 (u32be length) after its 1st byte`).
 */
import type { FieldSpan } from '../struct/encode';

/** Fields holding one number or one fixed token, not a struct of others. */
function leaves(spans: readonly FieldSpan[]): FieldSpan[] {
  return spans.filter((s) => s.path[s.path.length - 1]!.kind !== 'struct');
}

/** Every boundary between fields, and every offset inside a multi-byte number (length fields first of all). */
export function fieldCuts(spans: readonly FieldSpan[], length: number): number[] {
  const at = new Set<number>();
  for (const s of spans) {
    at.add(s.start);
    at.add(s.end);
    if (s.path[s.path.length - 1]!.kind === 'number') for (let c = s.start + 1; c < s.end; c++) at.add(c);
  }
  return [...at].filter((c) => c > 0 && c < length).sort((a, b) => a - b);
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** A cut at `cut` in words, by the fields around it; undefined when it lies outside them (a merged send's bytes). */
export function cutInFields(cut: number, spans: readonly FieldSpan[]): string | undefined {
  const fields = leaves(spans);
  // The innermost field the cut falls inside: a nested field's path is longer.
  const inside = fields.filter((s) => s.start < cut && cut < s.end).sort((a, b) => b.path.length - a.path.length)[0];
  if (inside) return `inside ${inside.label} after its ${ordinal(cut - inside.start)} byte`;
  const before = fields.filter((s) => s.end === cut && s.end > s.start).pop();
  const after = fields.find((s) => s.start === cut && s.end > s.start);
  if (before && after) return `between ${before.label} and ${after.label}`;
  if (before) return `after ${before.label}`;
  return undefined;
}
