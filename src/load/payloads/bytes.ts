/** Bytes as written: `send: { hex }`, `{ base64 }`, or `{ file }` (a file inside the spec collection, read at load time). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ReadContext } from '../../yaml/read-basics';
import { readHex } from '../../yaml/read-basics';
import { describeNode, scalarString } from '../../yaml/yaml-source';
import type { PayloadKind, PayloadMapForm, PayloadOf } from './kind';

type Bytes = PayloadOf<'bytes'>;

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

/** A map form `{ KEY: value }` whose value `read` turns into bytes. */
function bytesForm(
  key: Bytes['form'],
  read: (ctx: ReadContext, node: unknown) => Buffer | undefined,
): PayloadMapForm<Bytes> {
  return {
    key,
    companions: [],
    read(ctx, fields) {
      const bytes = read(ctx, fields.get(key)!.value);
      return bytes && { kind: 'bytes', bytes, form: key };
    },
  };
}

export const bytes: PayloadKind<Bytes> = {
  maps: [bytesForm('hex', readHex), bytesForm('base64', readBase64), bytesForm('file', readFile)],
  templates: () => [],
  samples: [{ hex: '00 ff' }, { base64: 'AAEC' }],
};
