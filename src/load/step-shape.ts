/**
 * Every loaded step in one object shape. The peer's step loop reads
 * `step.kind`, `step.index`, `step.on` and the kind's own field from steps of
 * every kind in turn; built as `{ ...base, kind, payload }`, each kind (and
 * each with or without a note) had a shape of its own, and those reads missed
 * V8's inline caches (9 % of a request/response profile, a load 15× slower
 * than on a plain copy). Here every step has every field, in one order, the
 * ones its kind lacks set to undefined: one hidden class for all of them.
 */
import type { SharedStepField } from './steps/kind';
import { STEP_DEFINITIONS } from './steps/registry';
import type { Step } from '../spec/types';

/** The fields every step shares; each kind lists its own (`StepDefinition.fields`), which the compiler checks. */
const SHARED = {
  kind: true,
  index: true,
  loc: true,
  timeout: true,
  on: true,
  fuzz: true,
  note: true,
} as const satisfies Record<SharedStepField, true>;

export const STEP_FIELDS: readonly string[] = [
  ...new Set([...Object.keys(SHARED), ...Object.values(STEP_DEFINITIONS).flatMap((d) => Object.keys(d.fields))]),
];

/** `step` with every step field present, in one order (absent ones undefined); equal to it field by field. */
export function inOneShape(step: Step): Step {
  const from = step as unknown as Readonly<Record<string, unknown>>;
  const same: Record<string, unknown> = {};
  for (const field of STEP_FIELDS) same[field] = from[field];
  return same as unknown as Step;
}
