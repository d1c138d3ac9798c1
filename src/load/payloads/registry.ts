/**
 * The one table of payload kinds (the forms of `send:`). The send step's
 * reader and the variables check read it, and its type makes a `Payload`
 * kind without an entry a compile error.
 *
 * Adding a payload kind: its shape in the `Payload` union
 * (src/spec/types.ts), a module here exporting a `PayloadKind`, and its line
 * below; its bytes in src/peer/payload-source.ts; its form in the schema's
 * `payload` (test/unit/schema.test.ts fails until the schema accepts the
 * kind's `samples`).
 */
import { quoteValue } from '../../bytes';
import type { Payload, Template } from '../../spec/types';
import type { ReadContext } from '../../yaml/read-basics';
import { mapFields } from '../../yaml/read-basics';
import { describeNode, isMap, isScalar, scalarString } from '../../yaml/yaml-source';
import { bytes } from './bytes';
import type { PayloadKind, PayloadMapForm } from './kind';
import { repeat } from './repeat';
import { struct } from './struct';
import { text } from './text';

export type PayloadKinds = { readonly [K in Payload['kind']]: PayloadKind<Extract<Payload, { readonly kind: K }>> };

/** In the order messages list their forms. */
export const PAYLOAD_KINDS: PayloadKinds = { text, bytes, repeat, struct };

const KINDS = Object.values(PAYLOAD_KINDS) as readonly PayloadKind<Payload>[];
/** The one kind that reads a plain string (text). */
const SCALAR = KINDS.map((k) => k.scalar).find((read) => read !== undefined);
const MAP_FORMS: readonly PayloadMapForm<Payload>[] = KINDS.flatMap((k) => k.maps);
const MAP_KEYS = [...new Set(MAP_FORMS.flatMap((f) => [f.key, ...f.companions]))];

/** A `send:` value: text, or one map form of a registered kind. */
export function readPayload(ctx: ReadContext, node: unknown): Payload | undefined {
  const s = scalarString(node);
  if (s !== undefined && SCALAR) return SCALAR(ctx, node, s);
  if (isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'boolean')) {
    ctx.src.problem(
      node,
      `send: found ${describeNode(node)}; quote it to send it as text (${quoteValue(String(node.value))})`,
    );
    return undefined;
  }
  if (!isMap(node)) {
    const spellings = MAP_FORMS.map((f) => `{ ${[f.key, ...f.companions].join(', ')} }`);
    ctx.src.problem(node, `send: expects text or one of ${spellings.join(', ')}; found ${describeNode(node)}`);
    return undefined;
  }
  const fields = mapFields(ctx, node, MAP_KEYS, 'a send payload');
  if (!fields) return undefined;
  const forms = MAP_FORMS.filter((f) => fields.has(f.key));
  if (forms.length !== 1) {
    ctx.src.problem(
      node,
      `send: a payload map takes exactly one of ${MAP_FORMS.map((f) => f.key).join(', ')}; found ${forms.length ? forms.map((f) => f.key).join(' and ') : 'none'}`,
    );
    return undefined;
  }
  const form = forms[0]!;
  for (const key of fields.keys()) {
    if (key === form.key || form.companions.includes(key)) continue;
    const owners = MAP_FORMS.filter((f) => f.companions.includes(key)).map((f) => `"${f.key}"`);
    ctx.src.problem(fields.get(key)!.key, `send: "${key}" goes only with ${owners.join(' or ')}`);
    return undefined;
  }
  return form.read(ctx, fields);
}

/** The `${...}` templates payload `p` reads. */
export function payloadTemplates(p: Payload): Template[] {
  return (PAYLOAD_KINDS[p.kind] as PayloadKind<Payload>).templates(p);
}
