/**
 * Which variables each step reads and which it captures, so the loader can
 * reject a reference to a variable that nothing defines and warn about one
 * read before any step captures it.
 */
import { templateRefs } from './template';
import type { Matcher, Payload, RegexSource, Step, Template } from './types';

export function matcherCaptures(m: Matcher): string[] {
  switch (m.kind) {
    case 'regex':
      return [...m.regex.groups];
    case 'bytes':
      return [...(m.match?.groups ?? []), ...(m.as ? [m.as] : [])];
    case 'until':
      return [...matcherCaptures(m.until), ...(m.each ? matcherCaptures(m.each) : [])];
    case 'frame':
      return m.payload ? matcherCaptures(m.payload) : [];
    default:
      return [];
  }
}

function regexTemplates(r: RegexSource | undefined): Template[] {
  return r ? [r.pattern] : [];
}

function matcherTemplates(m: Matcher): Template[] {
  switch (m.kind) {
    case 'text':
    case 'repeat':
      return [m.text];
    case 'regex':
      return regexTemplates(m.regex);
    case 'bytes':
      return regexTemplates(m.match);
    case 'until':
      return [...matcherTemplates(m.until), ...(m.each ? matcherTemplates(m.each) : [])];
    case 'frame':
      return m.payload ? matcherTemplates(m.payload) : [];
    default:
      return [];
  }
}

function payloadTemplates(p: Payload): Template[] {
  return p.kind === 'bytes' ? [] : [p.text];
}

export function stepTemplates(step: Step): Template[] {
  if (step.kind === 'send') return payloadTemplates(step.payload);
  if (step.kind === 'expect') return matcherTemplates(step.matcher);
  return [];
}

export function stepCaptures(step: Step): string[] {
  return step.kind === 'expect' ? matcherCaptures(step.matcher) : [];
}

export interface VariableUse {
  readonly name: string;
  readonly template: Template;
  readonly step: Step;
  /** defined: in `vars:` or captured by an earlier step; late: only captured at or after this step; undefined: nowhere. */
  readonly status: 'defined' | 'late' | 'undefined';
}

/** Every `${name}` reference in the steps, judged against `vars` and the captures before it. */
export function variableUses(steps: readonly Step[], vars: Readonly<Record<string, string>>): VariableUse[] {
  const capturedAnywhere = new Set(steps.flatMap(stepCaptures));
  const capturedSoFar = new Set<string>();
  const uses: VariableUse[] = [];
  for (const step of steps) {
    for (const template of stepTemplates(step)) {
      for (const name of templateRefs(template)) {
        const status =
          name in vars || capturedSoFar.has(name) ? 'defined' : capturedAnywhere.has(name) ? 'late' : 'undefined';
        uses.push({ name, template, step, status });
      }
    }
    for (const c of stepCaptures(step)) capturedSoFar.add(c);
  }
  return uses;
}
