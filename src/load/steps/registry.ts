/**
 * The one table of step kinds. The loader's dispatcher (read-steps.ts), its
 * checks, the variables check, fuzz planning and the JSON Schema test all
 * read it, and its type makes a `Step` kind without an entry a compile error.
 *
 * Adding a step kind: its shape in the `Step` union (src/spec/types.ts), a
 * module here exporting a `StepDefinition`, and its line below; then its
 * player in src/peer/steps/ (the compiler asks for that too) and its form in
 * schema/tcpspec.schema.json (test/unit/schema.test.ts fails until the
 * schema accepts the kind's `samples`).
 */
import type { Step, StepKind } from '../../spec/types';
import { accept } from './accept';
import { close } from './close';
import { connect } from './connect';
import { expect } from './expect';
import type { StepDefinition, StepEffect } from './kind';
import { reset } from './reset';
import { send } from './send';
import { shutdown } from './shutdown';
import { silence } from './silence';
import { sleep } from './sleep';
import { starttls } from './starttls';

export type StepDefinitions = { readonly [K in StepKind]: StepDefinition<K> };

/** In the order messages list them. */
export const STEP_DEFINITIONS: StepDefinitions = {
  send,
  expect,
  silence,
  sleep,
  shutdown,
  close,
  reset,
  connect,
  accept,
  starttls,
};

/** Every kind's name, in table order. */
export const STEP_KINDS = Object.keys(STEP_DEFINITIONS) as readonly StepKind[];

/** The definition of a kind, typed for any step (the table pairs each kind with its own). */
export function stepDefinition(kind: StepKind): StepDefinition<StepKind> {
  return STEP_DEFINITIONS[kind];
}

/** What `step` does on its connection (see `StepEffect`). */
export function stepEffect(step: Step): StepEffect {
  return STEP_DEFINITIONS[step.kind].effect;
}

/** The connection `step` opens (connect, accept), or undefined. */
export function opensConnection(step: Step): string | undefined {
  return stepDefinition(step.kind).opens?.(step);
}
