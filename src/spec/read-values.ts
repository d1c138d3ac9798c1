/** Reads the payload (`send`) and matcher (`expect`) forms of the spec format from YAML nodes. */
import { quoteValue } from '../bytes';
import type { Matcher, Payload } from './types';
import { mapFields, readBase64, readHex, readPayloadFile, readRepeat, readTemplate } from './read-basics';
import type { ReadContext } from './read-basics';
import { describeNode, isMap, isScalar, scalarString } from './yaml-source';
import { readMatcherNode } from '../match/registry';
import { readStruct } from '../struct/read-fields';
import type { MatcherPlace } from '../match/kind';

export type { ReadContext } from './read-basics';
export { MAX_REPEAT_TIMES, readRegex, readTemplate } from './read-basics';
export type { MatcherPlace } from '../match/kind';

/** A `send:` value. */
export function readPayload(ctx: ReadContext, node: unknown): Payload | undefined {
  const text = scalarString(node);
  if (text !== undefined) {
    const t = readTemplate(ctx, node, text);
    return t && { kind: 'text', text: t };
  }
  if (isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'boolean')) {
    ctx.src.problem(
      node,
      `send: found ${describeNode(node)}; quote it to send it as text (${quoteValue(String(node.value))})`,
    );
    return undefined;
  }
  if (!isMap(node)) {
    ctx.src.problem(
      node,
      `send: expects text or one of { hex }, { base64 }, { file }, { repeat, times }, { struct }; found ${describeNode(node)}`,
    );
    return undefined;
  }
  const fields = mapFields(ctx, node, ['hex', 'base64', 'file', 'repeat', 'times', 'struct'], 'a send payload');
  if (!fields) return undefined;
  const forms = ['hex', 'base64', 'file', 'repeat', 'struct'].filter((k) => fields.has(k));
  if (forms.length !== 1) {
    ctx.src.problem(
      node,
      `send: a payload map takes exactly one of hex, base64, file, repeat, struct; found ${forms.length ? forms.join(' and ') : 'none'}`,
    );
    return undefined;
  }
  const form = forms[0]!;
  const value = fields.get(form)!.value;
  if (form !== 'repeat' && fields.has('times')) {
    ctx.src.problem(fields.get('times')!.key, `send: "times" goes only with "repeat"`);
    return undefined;
  }
  switch (form) {
    case 'hex': {
      const bytes = readHex(ctx, value);
      return bytes && { kind: 'bytes', bytes, form: 'hex' };
    }
    case 'base64': {
      const bytes = readBase64(ctx, value);
      return bytes && { kind: 'bytes', bytes, form: 'base64' };
    }
    case 'file': {
      const bytes = readPayloadFile(ctx, value);
      return bytes && { kind: 'bytes', bytes, form: 'file' };
    }
    case 'struct': {
      const list = readStruct(ctx, value ?? fields.get('struct')!.key, 'send');
      return list && { kind: 'struct', fields: list };
    }
    default: {
      const r = readRepeat(ctx, fields, 'send');
      return r && { kind: 'repeat', ...r };
    }
  }
}

/**
 * An `expect:` value (or a nested matcher): the forms are the matcher kinds
 * registered in src/match/registry.ts, each reading its own.
 */
export function readMatcher(ctx: ReadContext, node: unknown, place: MatcherPlace = 'stream'): Matcher | undefined {
  return readMatcherNode(ctx, node, place);
}
