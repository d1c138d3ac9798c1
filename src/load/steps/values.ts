/** Value readers that several step kinds share. */
import { parseDuration } from '../../spec/duration';
import type { ReadContext } from '../../yaml/read-basics';
import { describeNode, scalarOf, scalarString } from '../../yaml/yaml-source';
import type { StepAt } from './kind';

/** Connection names: what a reader can tell apart in a transcript. */
export const CONNECTION_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Whether a step's value is absent: a bare word, or `kind:` with nothing after it. */
export function isEmptyValue(value: unknown): boolean {
  return value === null || value === undefined || scalarOf(value) === null;
}

/** The value of a kind that takes none (`- close`, `close:`). */
export function readNoValue(
  ctx: ReadContext,
  kind: string,
  value: unknown,
  at: StepAt,
): Readonly<Record<string, never>> | undefined {
  if (isEmptyValue(value)) return {};
  ctx.src.problem(value, `step ${at.index}: ${kind} takes no value; write "- ${kind}"`);
  return undefined;
}

/** A duration such as `200ms`, `1s` or a number of milliseconds. */
export function readStepDuration(ctx: ReadContext, kind: string, value: unknown, at: StepAt): number | undefined {
  const duration = parseDuration(scalarOf(value));
  if (duration === undefined) {
    ctx.src.problem(
      at.node,
      `step ${at.index}: ${kind}: expects a duration such as 200ms, 1s or a number of milliseconds; found ${describeNode(value)}`,
    );
  }
  return duration;
}

/** A connection name a step opens (`accept: NAME`, `connect: NAME`). */
export function readConnectionName(ctx: ReadContext, node: unknown, index: number, kind: string): string | undefined {
  const name = scalarString(node);
  if (name === undefined || !CONNECTION_NAME.test(name)) {
    ctx.src.problem(
      node,
      `step ${index}: ${kind}: expects a connection name such as pub (letters, digits, _ . -)${kind === 'connect' ? ' or { name, target, tls }' : ''}, found ${describeNode(node)}`,
    );
    return undefined;
  }
  return name;
}
