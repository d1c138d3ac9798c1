/** `${name}` substitution in payloads and matchers; `$${` writes a literal `${`. */
import type { SourceLocation } from '../errors';
import type { Template } from './types';

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Splits `source` into literal parts and references; an error message for a malformed reference. */
export function parseTemplate(source: string, loc: SourceLocation): Template | { error: string } {
  const parts: (string | { ref: string })[] = [];
  let literal = '';
  let i = 0;
  while (i < source.length) {
    if (source.startsWith('$${', i)) {
      literal += '${';
      i += 3;
    } else if (source.startsWith('${', i)) {
      const end = source.indexOf('}', i + 2);
      if (end < 0) return { error: `unclosed "\${" at character ${i + 1}; write "$\${" for a literal "\${"` };
      const ref = source.slice(i + 2, end).trim();
      if (!VARIABLE_NAME.test(ref)) return { error: `"\${${ref}}" is not a variable name (letters, digits, _)` };
      if (literal) parts.push(literal);
      literal = '';
      parts.push({ ref });
      i = end + 1;
    } else {
      literal += source[i]!;
      i += 1;
    }
  }
  if (literal || parts.length === 0) parts.push(literal);
  return { source, parts, loc };
}

export function templateRefs(t: Template): string[] {
  return t.parts.flatMap((p) => (typeof p === 'string' ? [] : [p.ref]));
}

/** Thrown when a template reads a capture that has not happened yet; the peer names the step. */
export class UnboundVariable extends Error {
  constructor(readonly variable: string) {
    super(`variable "${variable}" has no value yet`);
  }
}

/**
 * A variable's value: text (the spec's `vars:`, a regex group, a number read
 * by a struct) or bytes exactly as they were captured (`bytes`, `cstring`,
 * `text` captures), which a payload inserts unchanged.
 */
export type VarValue = string | Buffer;

/** Variables in scope while a spec runs. */
export type Vars = ReadonlyMap<string, VarValue>;

function lookUp(vars: Vars, ref: string): VarValue {
  const value = vars.get(ref);
  // The loader proves every reference is defined somewhere; a capture from a
  // step that has not matched yet is the one way to get here.
  if (value === undefined) throw new UnboundVariable(ref);
  return value;
}

/** A value as text: bytes are read as UTF-8 (what a regex or a command line sees). */
export function varText(value: VarValue): string {
  return typeof value === 'string' ? value : value.toString('utf8');
}

/** The text with every reference filled in; `escape` transforms values (regex escaping). */
export function renderTemplate(t: Template, vars: Vars, escape: (value: string) => string = (v) => v): string {
  if (t.parts.length === 1 && typeof t.parts[0] === 'string') return t.parts[0];
  let out = '';
  for (const p of t.parts) out += typeof p === 'string' ? p : escape(varText(lookUp(vars, p.ref)));
  return out;
}

/** The bytes of the template: its text as UTF-8, each variable's bytes unchanged (a captured binary field stays exact). */
export function renderTemplateBytes(t: Template, vars: Vars): Buffer {
  if (t.parts.length === 1 && typeof t.parts[0] === 'string') return Buffer.from(t.parts[0], 'utf8');
  const parts = t.parts.map((p) => {
    if (typeof p === 'string') return Buffer.from(p, 'utf8');
    const value = lookUp(vars, p.ref);
    return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  });
  return Buffer.concat(parts);
}

export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
