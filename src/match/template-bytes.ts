/**
 * A template's UTF-8 bytes. A template without `${...}` references always
 * gives the same bytes, so they are built once per template rather than once
 * per step played: a spec of 20,000 round trips replays the same few strings.
 */
import { renderTemplateBytes } from '../spec/template';
import type { Vars } from '../spec/template';
import type { Template } from '../spec/types';

const constant = new WeakMap<Template, Buffer>();

/** The bytes of `t` with `vars` filled in; callers must not modify the buffer. */
export function templateBytes(t: Template, vars: Vars): Buffer {
  const known = constant.get(t);
  if (known) return known;
  const bytes = renderTemplateBytes(t, vars);
  if (t.parts.every((p) => typeof p === 'string')) constant.set(t, bytes);
  return bytes;
}
