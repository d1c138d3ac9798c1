/**
 * The lying-length cases of a spec, listed before anything runs: for each
 * `struct` send, each length field at any depth, the claims 0, 1, the field's
 * maximum, the true value minus and plus one, and one far beyond what is sent
 * (the true value plus FAR_BEYOND). A claim that does not fit the field, or
 * that equals the truth, is left out; two claims of the same value are one
 * case. The list is the same on every run, so a case is named by its number.
 */
import type { Spec, Step } from '../../spec/types';
import type { StructField } from '../../spec/struct';
import { encodeStruct } from '../../struct/encode';
import type { LengthLie } from '../../struct/encode';
import { fits, range } from '../../struct/numbers';
import { layoutVars } from '../arbitrary';

/** How much more than the truth a "far beyond" claim says. */
export const FAR_BEYOND = 1000n;

/** Which lie a case tells, relative to the truth or not. */
export type Claim = 'zero' | 'one' | 'maximum' | 'truth-1' | 'truth+1' | 'far-beyond';

/** One lying-length case. */
export interface LyingCase {
  /** 1-based, in listing order: what `--case N` names. */
  readonly number: number;
  /** Index of the lying send in `spec.steps` (0-based). */
  readonly at: number;
  /** The send step as the spec numbers steps (1-based). */
  readonly step: number;
  /** The send's number among the spec's send steps (1-based). */
  readonly send: number;
  /** The field as reports name it: `field 2 "length" (u32be length)`. */
  readonly field: string;
  readonly claim: Claim;
  /** The value written, with the spec's variables as they stand before the run. */
  readonly value: bigint;
  /** The length the field would have held. */
  readonly truth: bigint;
  /** The lie as the encoder takes it (worked out again from the truth at run time). */
  readonly lie: LengthLie;
}

/** `send #1 (step 2): field 2 "length" (u32be length) = 0 (true length 5)`. */
export function caseWords(c: LyingCase): string {
  return `send #${c.send} (step ${c.step}): ${c.field} = ${c.value} (true length ${c.truth})`;
}

const CLAIMS: readonly { readonly claim: Claim; readonly value: (truth: bigint, max: bigint) => bigint }[] = [
  { claim: 'zero', value: () => 0n },
  { claim: 'one', value: () => 1n },
  { claim: 'maximum', value: (_, max) => max },
  { claim: 'truth-1', value: (t) => t - 1n },
  { claim: 'truth+1', value: (t) => t + 1n },
  { claim: 'far-beyond', value: (t) => t + FAR_BEYOND },
];

/** Every lying-length case of `spec`, numbered from 1. */
export function lyingCases(spec: Spec): LyingCase[] {
  const cases: Omit<LyingCase, 'number'>[] = [];
  let send = 0;
  spec.steps.forEach((step, at) => {
    if (step.kind !== 'send') return;
    send += 1;
    if (step.payload.kind !== 'struct') return;
    for (const c of casesOfSend(spec, step, at, send, step.payload.fields)) cases.push(c);
  });
  return cases.map((c, i) => ({ ...c, number: i + 1 }));
}

function casesOfSend(
  spec: Spec,
  step: Step & { kind: 'send' },
  at: number,
  send: number,
  fields: readonly StructField[],
): Omit<LyingCase, 'number'>[] {
  const vars = layoutVars(spec, fields);
  let spans;
  try {
    spans = encodeStruct(fields, vars).spans;
  } catch {
    // A layout that needs values only the run captures: no case can be listed ahead of it.
    return [];
  }
  const out: Omit<LyingCase, 'number'>[] = [];
  for (const span of spans) {
    const field = span.path[span.path.length - 1]!;
    if (field.kind !== 'number' || !field.length) continue;
    const indexes = span.path.map((f) => f.index);
    let truth: bigint | undefined;
    encodeStruct(fields, vars, { at: indexes, value: (t) => (truth = t) });
    if (truth === undefined) continue;
    const { max } = range(field.codec);
    const seen = new Set<bigint>([truth]);
    for (const { claim, value } of CLAIMS) {
      const v = value(truth, max);
      if (seen.has(v) || !fits(field.codec, v)) continue;
      seen.add(v);
      const lie: LengthLie = {
        at: indexes,
        value: claim === 'zero' || claim === 'one' || claim === 'maximum' ? () => v : (t) => value(t, max),
      };
      out.push({ at, step: step.index, send, field: span.label, claim, value: v, truth, lie });
    }
  }
  return out;
}
