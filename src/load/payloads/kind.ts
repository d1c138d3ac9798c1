/**
 * The shape of one payload kind (a member of `Payload`, src/spec/types.ts):
 * how it is written under `send:` and read, and the variables it reads.
 * registry.ts lists every kind in one table the compiler checks; the peer
 * turns each kind into bytes in src/peer/payload-source.ts.
 */
import type { Payload, Template } from '../../spec/types';
import type { ReadContext } from '../../yaml/read-basics';
import type { Pair } from '../../yaml/yaml-source';

/** The payload of kind `K`. */
export type PayloadOf<K extends Payload['kind']> = Extract<Payload, { readonly kind: K }>;

/** How a kind is written as a YAML map: `{ KEY: value, COMPANION: value }`. */
export interface PayloadMapForm<P extends Payload> {
  /** The key that selects this form (`hex`, `repeat`, ...). */
  readonly key: string;
  /** Keys that may stand beside it (`times` beside `repeat`). */
  readonly companions: readonly string[];
  /** Reads the map, whose keys are already checked; reports its own problems and returns undefined on any. */
  read(ctx: ReadContext, fields: ReadonlyMap<string, Pair>): P | undefined;
}

export interface PayloadKind<P extends Payload> {
  /** How a plain string is read; one kind (text) claims strings. */
  readonly scalar?: (ctx: ReadContext, node: unknown, text: string) => P | undefined;
  /** Its map forms, in the order messages list them (bytes has three: hex, base64, file). */
  readonly maps: readonly PayloadMapForm<P>[];
  /** The `${...}` templates it reads, for the variables check. */
  templates(p: P): Template[];
  /** `send:` values of this kind as parsed YAML, each of which the JSON Schema must accept (test/unit/schema.test.ts). */
  readonly samples: readonly unknown[];
}
