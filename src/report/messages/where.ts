/** Where a failure happened, in words: a place in a spec file, a step, an address. */
import type { SourceLocation, StepRef } from '../../errors';

export function formatLocation(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

/** `FILE:LINE:COL: ` before a message, or nothing when the place is unknown. */
export function atLocation(where: SourceLocation | undefined): string {
  return where ? `${formatLocation(where)}: ` : '';
}

/** `specs/x.yaml:7 step 3 (expect)`, `specs/x.yaml:9 step 4 (expect on pub)`, `… connection 2 step 1 (send)`. */
export function formatStepRef(step: StepRef): string {
  const play = step.play !== undefined ? ` connection ${step.play}` : '';
  const on = step.connection !== undefined ? ` on ${step.connection}` : '';
  const note = step.note ? ` "${step.note}"` : '';
  return `${step.file}:${step.line}${play} step ${step.index} (${step.kind}${on})${note}`;
}

/** The message of a failure at a step: the step, then what went wrong there. */
export function stepMessage(step: StepRef, detail: string): string {
  return `${formatStepRef(step)}: ${detail}`;
}
