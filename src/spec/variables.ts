/**
 * Which variables each step reads and which it captures, so the loader can
 * reject a reference to a variable that nothing defines and warn about one
 * read before any step captures it.
 */
import { matcherCaptures, matcherTemplates } from '../match/registry';
import { structTemplates } from '../struct/read-fields';
import { templateRefs } from './template';
import type { Payload, Step, Template } from './types';

export { matcherCaptures } from '../match/registry';

function payloadTemplates(p: Payload): Template[] {
  if (p.kind === 'struct') return structTemplates(p.fields);
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
