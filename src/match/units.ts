/**
 * Judging one complete unit (a line, a frame body) against a matcher: the
 * forms that may stand inside `until`, `each` and a frame's `payload`.
 */
import { hexPairs } from '../bytes';
import { escapeRegex, renderTemplate } from '../spec/template';
import type { Vars } from '../spec/template';
import type { Matcher } from '../spec/types';
import type { Captures } from './progress';
import { compileRegex } from './regex';

export type UnitVerdict =
  { readonly ok: true; readonly captures: Captures } | { readonly ok: false; readonly offset?: number };

/** A line without its `\n` or `\r\n`. */
export function stripLineEnding(line: Buffer): Buffer {
  let end = line.length;
  if (end > 0 && line[end - 1] === 0x0a) end -= 1;
  if (end > 0 && line[end - 1] === 0x0d) end -= 1;
  return line.subarray(0, end);
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

function equalBytes(want: Buffer, unit: Buffer, isLine: boolean): UnitVerdict {
  if (unit.equals(want)) return { ok: true, captures: {} };
  // A line also matches text written without its line ending.
  if (isLine && stripLineEnding(unit).equals(want)) return { ok: true, captures: {} };
  return { ok: false, offset: firstDifference(want, unit) };
}

/**
 * Whether `unit` satisfies `m` as a whole. For a line (`isLine`), a regex is
 * tested against the line without its ending; exact forms may include or
 * leave out the ending.
 */
export function judgeUnit(m: Matcher, unit: Buffer, isLine: boolean, vars: Vars): UnitVerdict {
  switch (m.kind) {
    case 'text':
      return equalBytes(Buffer.from(renderTemplate(m.text, vars), 'utf8'), unit, isLine);
    case 'hex':
      return equalBytes(m.bytes, unit, isLine);
    case 'regex': {
      const body = isLine ? stripLineEnding(unit) : unit;
      const match = compileRegex(m.regex, vars).exec(body.toString('utf8'));
      return match ? { ok: true, captures: { ...match.groups } } : { ok: false };
    }
    case 'bytes': {
      const body = isLine ? stripLineEnding(unit) : unit;
      if (body.length !== m.count) return { ok: false };
      const text = body.toString('utf8');
      const match = m.match ? compileRegex(m.match, vars).exec(text) : undefined;
      if (m.match && !match) return { ok: false };
      return { ok: true, captures: { ...match?.groups, ...(m.as ? { [m.as]: text } : {}) } };
    }
    default:
      // The loader admits only the forms above inside until, each and payload.
      throw new Error(`matcher ${m.kind} cannot judge a single unit`);
  }
}

/** The matcher in words, for "expected …" in reports. */
export function describeMatcher(m: Matcher, vars: Vars): string {
  switch (m.kind) {
    case 'text':
      return JSON.stringify(safeRender(m.text, vars));
    case 'hex':
      return `hex ${hexPairs(m.bytes)}`;
    case 'repeat':
      return `${JSON.stringify(safeRender(m.text, vars))} × ${m.times}`;
    case 'regex':
      return `a line matching /${safeRender(m.regex.pattern, vars, escapeRegex)}/${m.regex.flags}`;
    case 'bytes':
      return `${m.count} bytes${m.match ? ` matching /${m.match.pattern.source}/${m.match.flags}` : ''}`;
    case 'until':
      return `lines until ${describeMatcher(m.until, vars)}${m.each ? `, each ${describeMatcher(m.each, vars)}` : ''}`;
    case 'frame':
      return `a ${m.header}-length frame${m.payload ? ` whose payload is ${describeMatcher(m.payload, vars)}` : ''}`;
    case 'eof':
      return 'end of stream';
  }
}

function safeRender(t: Parameters<typeof renderTemplate>[0], vars: Vars, escape?: (value: string) => string): string {
  try {
    return renderTemplate(t, vars, escape);
  } catch {
    return t.source;
  }
}
