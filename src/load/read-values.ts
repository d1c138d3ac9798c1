/** Reads the payload (`send`) and matcher (`expect`) forms of the spec format from YAML nodes. */
import { quoteValue } from '../bytes';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Matcher, Payload } from '../spec/types';
import { mapFields, readHex, readRepeat, readTemplate } from '../yaml/read-basics';
import type { ReadContext } from '../yaml/read-basics';
import { describeNode, isMap, isScalar, scalarString } from '../yaml/yaml-source';
import { readMatcherNode } from '../match/registry';
import type { MatcherPlace } from '../match/kind';

function readBase64(ctx: ReadContext, node: unknown): Buffer | undefined {
  const text = scalarString(node)?.replace(/\s+/g, '');
  if (text === undefined || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(text) || text.length % 4 === 1) {
    ctx.src.problem(node, `base64: expects base64 text, found ${describeNode(node)}`);
    return undefined;
  }
  return Buffer.from(text, 'base64');
}

function readFile(ctx: ReadContext, node: unknown): Buffer | undefined {
  const rel = scalarString(node);
  if (rel === undefined) {
    ctx.src.problem(node, `file: expects a path relative to the spec file, found ${describeNode(node)}`);
    return undefined;
  }
  const full = path.resolve(ctx.specDir, rel);
  let real: string;
  try {
    real = fs.realpathSync(full);
  } catch {
    ctx.src.problem(node, `file: "${rel}" does not exist (looked for ${full})`);
    return undefined;
  }
  const root = fs.realpathSync(ctx.root);
  if (real !== root && !real.startsWith(root + path.sep)) {
    ctx.src.problem(
      node,
      `file: "${rel}" is outside the spec collection (${ctx.root}); payload files must live inside it`,
    );
    return undefined;
  }
  try {
    return fs.readFileSync(real);
  } catch (err) {
    ctx.src.problem(node, `file: cannot read "${rel}": ${(err as Error).message}`);
    return undefined;
  }
}

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
      `send: expects text or one of { hex }, { base64 }, { file }, { repeat, times }; found ${describeNode(node)}`,
    );
    return undefined;
  }
  const fields = mapFields(ctx, node, ['hex', 'base64', 'file', 'repeat', 'times'], 'a send payload');
  if (!fields) return undefined;
  const forms = ['hex', 'base64', 'file', 'repeat'].filter((k) => fields.has(k));
  if (forms.length !== 1) {
    ctx.src.problem(
      node,
      `send: a payload map takes exactly one of hex, base64, file, repeat; found ${forms.length ? forms.join(' and ') : 'none'}`,
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
      const bytes = readFile(ctx, value);
      return bytes && { kind: 'bytes', bytes, form: 'file' };
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
