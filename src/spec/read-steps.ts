/**
 * Reads `steps:`: each a map with exactly one kind key plus optional
 * `timeout:`, `note:`, `on:` and `fuzz:`, or a bare kind. Which connections
 * exist where is checked afterwards, by `checkConnections`.
 */
import { quoteValue } from '../bytes';
import { parseDuration } from './duration';
import { readTls } from './read-tls';
import { inOneShape } from './step-shape';
import { readMatcher, readPayload } from './read-values';
import type { ReadContext } from './read-values';
import { MAIN_CONNECTION, STEP_KINDS } from './types';
import type { Step, StepKind } from './types';
import { describeNode, isMap, isScalar, isSeq, pairKey, scalarString, suggest } from './yaml-source';
import type { Pair } from './yaml-source';

const BARE_KINDS: readonly StepKind[] = ['shutdown', 'close', 'reset', 'starttls'];
const STEP_OPTIONS = ['timeout', 'note', 'on', 'fuzz'];
const CONNECT_KEYS = ['name', 'target', 'tls'];
/** Connection names: what a reader can tell apart in a transcript. */
export const CONNECTION_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

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

function readStep(ctx: ReadContext, node: unknown, index: number, defaultTimeout: number): Step | undefined {
  const loc = ctx.src.loc(node);
  const bare = scalarString(node);
  if (bare !== undefined) {
    if ((BARE_KINDS as readonly string[]).includes(bare))
      return { kind: bare as 'close', index, loc, timeout: defaultTimeout, on: MAIN_CONNECTION, fuzz: true };
    if ((STEP_KINDS as readonly string[]).includes(bare)) {
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
  const on = onPair ? scalarString(onPair.value)! : MAIN_CONNECTION;
  const base = { index, loc, timeout, on, fuzz, ...(note !== undefined ? { note } : {}) };
  const value = kindPair.value;
  if (onPair && (kind === 'connect' || kind === 'accept')) {
    ctx.src.problem(
      onPair.key,
      `step ${index}: on: does not apply to ${kind}, which names the connection it opens (${kind}: NAME)`,
    );
    return undefined;
  }
  if (!fuzz && kind !== 'send') {
    ctx.src.problem(kindPair.key, `step ${index}: fuzz: false applies only to a send (${kind} is never reshaped)`);
    return undefined;
  }
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
    case 'accept': {
      const name = readConnectionName(ctx, value ?? kindPair.key, index, kind);
      return ok && name !== undefined ? { ...base, on: name, kind, name } : undefined;
    }
    case 'connect':
      return readConnect(ctx, value ?? kindPair.key, index, base, ok);
    case 'starttls': {
      if (value === null || value === undefined || scalarOf(value) === null) return ok ? { ...base, kind } : undefined;
      const tls = readTls(ctx, value, `step ${index}: starttls`);
      if (tls === false) {
        ctx.src.problem(
          value,
          `step ${index}: starttls: false upgrades nothing; remove the step, or give settings (starttls: { ... })`,
        );
        return undefined;
      }
      return ok && tls ? { ...base, kind, tls } : undefined;
    }
    default:
      if (value !== null && value !== undefined && scalarOf(value) !== null) {
        ctx.src.problem(value, `step ${index}: ${kind} takes no value; write "- ${kind}"`);
        return undefined;
      }
      return ok ? { ...base, kind } : undefined;
  }
}

function readConnectionName(ctx: ReadContext, node: unknown, index: number, kind: string): string | undefined {
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

function readConnect(
  ctx: ReadContext,
  node: unknown,
  index: number,
  base: Omit<Step, 'kind'>,
  ok: boolean,
): Step | undefined {
  if (!isMap(node)) {
    const name = readConnectionName(ctx, node, index, 'connect');
    return ok && name !== undefined ? { ...base, on: name, kind: 'connect', name } : undefined;
  }
  const fields = new Map<string, Pair>();
  for (const pair of node.items) {
    const key = pairKey(pair);
    if (!CONNECT_KEYS.includes(key)) {
      ctx.src.problem(
        pair.key,
        `step ${index}: unknown key ${quoteValue(key)} in connect${suggest(key, CONNECT_KEYS)}; expected one of: ${CONNECT_KEYS.join(', ')}`,
      );
      ok = false;
    }
    fields.set(key, pair);
  }
  const namePair = fields.get('name');
  if (!namePair) {
    ctx.src.problem(node, `step ${index}: connect: needs a name ({ name: NAME, target: ..., tls: ... })`);
    return undefined;
  }
  const name = readConnectionName(ctx, namePair.value ?? namePair.key, index, 'connect');
  const targetPair = fields.get('target');
  let target: { name: string; loc: Step['loc'] } | undefined;
  if (targetPair) {
    const t = scalarString(targetPair.value);
    if (t === undefined || t.trim() === '') {
      ctx.src.problem(
        targetPair.value ?? targetPair.key,
        `step ${index}: connect.target: expects HOST:PORT or a target name, found ${describeNode(targetPair.value)}`,
      );
      ok = false;
    } else target = { name: t, loc: ctx.src.loc(targetPair.value) };
  }
  const tlsPair = fields.get('tls');
  const tls = tlsPair ? readTls(ctx, tlsPair.value ?? tlsPair.key, `step ${index}: connect.tls`) : undefined;
  if (tlsPair && tls === undefined) ok = false;
  if (!ok || name === undefined) return undefined;
  return {
    ...base,
    on: name,
    kind: 'connect',
    name,
    ...(target ? { target } : {}),
    ...(tls !== undefined ? { tls } : {}),
  };
}

function scalarOf(node: unknown): unknown {
  return node && typeof node === 'object' && 'value' in node ? node.value : node;
}
