/** Builds the RegExp a matcher runs: anchored to the whole unit, with `${var}` values escaped as literals. */
import { escapeRegex, renderTemplate } from '../spec/template';
import type { Vars } from '../spec/template';
import type { RegexSource } from '../spec/types';

const cache = new WeakMap<RegexSource, Map<string, RegExp>>();

export function compileRegex(source: RegexSource, vars: Vars): RegExp {
  const pattern = renderTemplate(source.pattern, vars, escapeRegex);
  let byPattern = cache.get(source);
  if (!byPattern) cache.set(source, (byPattern = new Map<string, RegExp>()));
  let re = byPattern.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`, source.flags);
    byPattern.set(pattern, re);
  }
  return re;
}
