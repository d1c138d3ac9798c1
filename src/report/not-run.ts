/**
 * The steps a failure left unplayed, in one short line: all of them when
 * there are few, else how many and the next few, since the step that failed
 * is the one to read and the rest only says how far the spec got.
 */
import { formatStepRef } from './messages/where';
import type { StepRef } from '../errors';

/** Steps named one by one; beyond this many the line names these and counts the rest. */
export const NOT_RUN_SHOWN = 3;

/** `steps not run: line 6 step 3 (close)`, or `steps not run: 12, next line 6 step 3 (send); …; and 9 more`. */
export function notRunLine(steps: readonly StepRef[], { withFile = false } = {}): string {
  const name = (s: StepRef): string => (withFile ? formatStepRef(s) : formatStepRef(s).replace(`${s.file}:`, 'line '));
  if (steps.length <= NOT_RUN_SHOWN) return `steps not run: ${steps.map(name).join('; ')}`;
  const next = steps.slice(0, NOT_RUN_SHOWN).map(name).join('; ');
  return `steps not run: ${steps.length}, next ${next}; and ${steps.length - NOT_RUN_SHOWN} more`;
}
