/** `connect: NAME` or `connect: { name, target, tls }` (client role) opens another connection. */
import { quoteValue } from '../../bytes';
import type { ReadContext } from '../../yaml/read-basics';
import { readTls } from '../read-tls';
import { parseUnixAddress } from '../../spec/listen';
import type { Step } from '../../spec/types';
import { describeNode, isMap, pairKey, scalarString, suggest } from '../../yaml/yaml-source';
import type { Pair } from '../../yaml/yaml-source';
import type { StepAt, StepDefinition, StepFields } from './kind';
import { readConnectionName } from './values';

const CONNECT_KEYS = ['name', 'target', 'tls'];

function readConnect(ctx: ReadContext, node: unknown, index: number): StepFields<'connect'> | undefined {
  if (!isMap(node)) {
    const name = readConnectionName(ctx, node, index, 'connect');
    return name === undefined ? undefined : { name };
  }
  let ok = true;
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
  let target: (Step & { kind: 'connect' })['target'];
  if (targetPair) {
    const t = scalarString(targetPair.value);
    const socket = t === undefined ? undefined : parseUnixAddress(t, ctx.specDir);
    if (t === undefined || t.trim() === '') {
      ctx.src.problem(
        targetPair.value ?? targetPair.key,
        `step ${index}: connect.target: expects HOST:PORT, unix:PATH or a target name, found ${describeNode(targetPair.value)}`,
      );
      ok = false;
    } else if (socket && 'problem' in socket) {
      ctx.src.problem(targetPair.value ?? targetPair.key, `step ${index}: connect.target: ${socket.problem}`);
      ok = false;
    } else target = { name: t, loc: ctx.src.loc(targetPair.value), ...(socket ? { address: socket } : {}) };
  }
  const tlsPair = fields.get('tls');
  const tls = tlsPair ? readTls(ctx, tlsPair.value ?? tlsPair.key, `step ${index}: connect.tls`) : undefined;
  if (tlsPair && tls === undefined) ok = false;
  if (!ok || name === undefined) return undefined;
  return { name, ...(target ? { target } : {}), ...(tls !== undefined ? { tls } : {}) };
}

export const connect: StepDefinition<'connect'> = {
  bare: false,
  read: (ctx, _value, at: StepAt) => readConnect(ctx, at.node, at.index),
  opens: (step) => step.name,
  onlyIn: {
    role: 'client',
    problem: (step) =>
      `connect: opens a connection to the target, which only happens in the client role; with "role: server" wait for another client with accept: ${step.name}`,
  },
  effect: 'other',
  fields: { name: true, target: true, tls: true },
  samples: [{ connect: 'pub' }, { connect: { name: 'other', target: '127.0.0.1:1', tls: false } }],
};
