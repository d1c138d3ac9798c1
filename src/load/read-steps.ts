/**
 * Reads `steps:`: each a map with exactly one kind key plus optional
 * `timeout:`, `note:`, `on:` and `fuzz:`, or a bare kind. This reads the
 * options every step shares; each kind's own value is read by its module in
 * steps/ (registry.ts). Which connections exist where is checked afterwards,
 * by `checkConnections`.
 */
import { quoteValue } from '../bytes';
import { parseDuration } from '../spec/duration';
import { inOneShape } from './step-shape';
import type { ReadContext } from '../yaml/read-basics';
import { stepDefinition, STEP_KINDS } from './steps/registry';
import { CONNECTION_NAME } from './steps/values';
import { MAIN_CONNECTION } from '../spec/types';
import type { Step, StepKind } from '../spec/types';
import { describeNode, isMap, isScalar, isSeq, pairKey, scalarOf, scalarString, suggest } from '../yaml/yaml-source';
import type { Pair } from '../yaml/yaml-source';

const STEP_OPTIONS = ['timeout', 'note', 'on', 'fuzz'];

export function readSteps(ctx: ReadContext, node: unknown, defaultTimeout: number): Step[] {
  if (!isSeq(node)) {
    ctx.src.problem(node, `steps: expects a list of steps, found ${describeNode(node)}`);
    return [];
  }
  if (node.items.length === 0) ctx.src.problem(node, 'steps: the list is empty; a spec needs at least one step');
  const steps: Step[] = [];
  node.items.forEach((item, i) => {
    const step = readStep(ctx, item, i + 1, defaultTimeout);
    if (step) steps.push(inOneShape(step));
  });
  return steps;
}

function isKind(word: string): word is StepKind {
  return (STEP_KINDS as readonly string[]).includes(word);
}

function readStep(ctx: ReadContext, node: unknown, index: number, defaultTimeout: number): Step | undefined {
  const loc = ctx.src.loc(node);
  const bare = scalarString(node);
  if (bare !== undefined) {
    if (isKind(bare) && stepDefinition(bare).bare) {
      const fields = stepDefinition(bare).read(ctx, undefined, { index, node });
      if (!fields) return undefined;
      return { ...fields, kind: bare, index, loc, timeout: defaultTimeout, on: MAIN_CONNECTION, fuzz: true } as Step;
    }
    if (isKind(bare)) {
      ctx.src.problem(node, `step ${index}: "${bare}" needs a value (${bare}: ...)`);
    } else {
      ctx.src.problem(
        node,
        `step ${index}: unknown step ${quoteValue(bare)}${suggest(bare, STEP_KINDS)}; expected one of: ${STEP_KINDS.join(', ')}`,
      );
    }
    return undefined;
  }
  if (!isMap(node)) {
    ctx.src.problem(
      node,
      `step ${index}: expects a map such as { send: "..." } or a bare word (close), found ${describeNode(node)}`,
    );
    return undefined;
  }
  let kindPair: Pair | undefined;
  let timeout = defaultTimeout;
  let note: string | undefined;
  let onPair: Pair | undefined;
  let fuzz = true;
  let ok = true;
  for (const pair of node.items) {
    const key = pairKey(pair);
    if (isKind(key)) {
      if (kindPair) {
        ctx.src.problem(
          pair.key,
          `step ${index}: has two kinds, "${pairKey(kindPair)}" and "${key}"; a step does one thing (split it into two steps)`,
        );
        ok = false;
      } else kindPair = pair;
    } else if (key === 'timeout') {
      const ms = parseDuration(scalarOf(pair.value));
      if (ms === undefined) {
        ctx.src.problem(
          pair.value ?? pair.key,
          `step ${index}: timeout: expects a duration such as 500ms, 2s, 1m or a number of milliseconds; found ${describeNode(pair.value)}`,
        );
        ok = false;
      } else timeout = ms;
    } else if (key === 'note') {
      note = scalarString(pair.value) ?? String(scalarOf(pair.value));
    } else if (key === 'on') {
      const name = scalarString(pair.value);
      if (name === undefined || !CONNECTION_NAME.test(name)) {
        ctx.src.problem(
          pair.value ?? pair.key,
          `step ${index}: on: expects a connection name such as main or pub (letters, digits, _ . -), found ${describeNode(pair.value)}`,
        );
        ok = false;
      } else onPair = pair;
    } else if (key === 'fuzz') {
      if (isScalar(pair.value) && typeof pair.value.value === 'boolean') fuzz = pair.value.value;
      else {
        ctx.src.problem(
          pair.value ?? pair.key,
          `step ${index}: fuzz: expects false (write this send whole, never merged) or true, found ${describeNode(pair.value)}`,
        );
        ok = false;
      }
    } else {
      ctx.src.problem(
        pair.key,
        `step ${index}: unknown step ${quoteValue(key)}${suggest(key, [...STEP_KINDS, ...STEP_OPTIONS])}; expected one of: ${STEP_KINDS.join(', ')} (plus ${STEP_OPTIONS.join(', ')})`,
      );
      ok = false;
    }
  }
  if (!kindPair) {
    if (ok) ctx.src.problem(node, `step ${index}: has no kind; expected one of: ${STEP_KINDS.join(', ')}`);
    return undefined;
  }
  const kind = pairKey(kindPair) as StepKind;
  const definition = stepDefinition(kind);
  if (onPair && definition.opens) {
    ctx.src.problem(
      onPair.key,
      `step ${index}: on: does not apply to ${kind}, which names the connection it opens (${kind}: NAME)`,
    );
    return undefined;
  }
  if (!fuzz && definition.effect !== 'writes') {
    ctx.src.problem(kindPair.key, `step ${index}: fuzz: false applies only to a send (${kind} is never reshaped)`);
    return undefined;
  }
  const value = kindPair.value;
  const fields = definition.read(ctx, value, { index, node: value ?? kindPair.key });
  if (!ok || !fields) return undefined;
  const on = definition.opens?.(fields) ?? (onPair ? scalarString(onPair.value)! : MAIN_CONNECTION);
  return { ...fields, kind, index, loc, timeout, on, fuzz, ...(note !== undefined ? { note } : {}) } as Step;
}
