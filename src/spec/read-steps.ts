/** Reads `steps:`: each a map with exactly one kind key plus optional `timeout:` and `note:`, or a bare kind. */
import { parseDuration } from './duration';
import { readMatcher, readPayload } from './read-values';
import type { ReadContext } from './read-values';
import { STEP_KINDS } from './types';
import type { Step, StepKind } from './types';
import { describeNode, isMap, isSeq, pairKey, scalarString, suggest } from './yaml-source';
import type { Pair } from './yaml-source';

const BARE_KINDS: readonly StepKind[] = ['shutdown', 'close', 'reset'];
const STEP_OPTIONS = ['timeout', 'note'];

export function readSteps(ctx: ReadContext, node: unknown, defaultTimeout: number): Step[] {
  if (!isSeq(node)) {
    ctx.src.problem(node, `steps: expects a list of steps, found ${describeNode(node)}`);
    return [];
  }
  if (node.items.length === 0) ctx.src.problem(node, 'steps: the list is empty; a spec needs at least one step');
  const steps: Step[] = [];
  node.items.forEach((item, i) => {
    const step = readStep(ctx, item, i + 1, defaultTimeout);
    if (step) steps.push(step);
  });
  return steps;
}

function readStep(ctx: ReadContext, node: unknown, index: number, defaultTimeout: number): Step | undefined {
  const loc = ctx.src.loc(node);
  const bare = scalarString(node);
  if (bare !== undefined) {
    if ((BARE_KINDS as readonly string[]).includes(bare))
      return { kind: bare as 'close', index, loc, timeout: defaultTimeout };
    if ((STEP_KINDS as readonly string[]).includes(bare)) {
      ctx.src.problem(node, `step ${index}: "${bare}" needs a value (${bare}: ...)`);
    } else {
      ctx.src.problem(
        node,
        `step ${index}: unknown step "${bare}"${suggest(bare, STEP_KINDS)}; expected one of: ${STEP_KINDS.join(', ')}`,
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
  let ok = true;
  for (const pair of node.items) {
    const key = pairKey(pair);
    if ((STEP_KINDS as readonly string[]).includes(key)) {
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
    } else {
      ctx.src.problem(
        pair.key,
        `step ${index}: unknown step "${key}"${suggest(key, [...STEP_KINDS, ...STEP_OPTIONS])}; expected one of: ${STEP_KINDS.join(', ')} (plus timeout, note)`,
      );
      ok = false;
    }
  }
  if (!kindPair) {
    if (ok) ctx.src.problem(node, `step ${index}: has no kind; expected one of: ${STEP_KINDS.join(', ')}`);
    return undefined;
  }
  const kind = pairKey(kindPair) as StepKind;
  const base = { index, loc, timeout, ...(note !== undefined ? { note } : {}) };
  const value = kindPair.value;
  switch (kind) {
    case 'send': {
      const payload = readPayload(ctx, value ?? kindPair.key);
      return ok && payload ? { ...base, kind, payload } : undefined;
    }
    case 'expect': {
      const matcher = readMatcher(ctx, value ?? kindPair.key);
      return ok && matcher ? { ...base, kind, matcher } : undefined;
    }
    case 'silence':
    case 'sleep': {
      const duration = parseDuration(scalarOf(value));
      if (duration === undefined) {
        ctx.src.problem(
          value ?? kindPair.key,
          `step ${index}: ${kind}: expects a duration such as 200ms, 1s or a number of milliseconds; found ${describeNode(value)}`,
        );
        return undefined;
      }
      return ok ? { ...base, kind, duration } : undefined;
    }
    default:
      if (value !== null && value !== undefined && scalarOf(value) !== null) {
        ctx.src.problem(value, `step ${index}: ${kind} takes no value; write "- ${kind}"`);
        return undefined;
      }
      return ok ? { ...base, kind } : undefined;
  }
}

function scalarOf(node: unknown): unknown {
  return node && typeof node === 'object' && 'value' in node ? node.value : node;
}
