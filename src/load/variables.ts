/**
 * Which variables each step reads and which it captures, so the loader can
 * reject a reference to a variable that nothing defines and warn about one
 * read before any step captures it.
 */
import { stepDefinition } from './steps/registry';
import { templateRefs } from '../spec/template';
import type { Step, Template } from '../spec/types';

/** The `${...}` templates `step` reads. */
export function stepTemplates(step: Step): Template[] {
  return stepDefinition(step.kind).templates?.(step) ?? [];
}

/** The variables `step` stores. */
export function stepCaptures(step: Step): string[] {
  return stepDefinition(step.kind).captures?.(step) ?? [];
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
