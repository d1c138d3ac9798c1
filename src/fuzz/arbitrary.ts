/**
 * The fast-check arbitrary of chunk plans for one spec. Cuts favour the
 * places framing code gets wrong (inside a length header, between \r and \n,
 * inside a multi-byte UTF-8 character, right after a line) beside uniform
 * offsets; every part shrinks toward "no reshaping".
 */
import fc from 'fast-check';
import { payloadBytes } from '../peer/payload-source';
import { templateRefs } from '../spec/template';
import type { Vars, VarValue } from '../spec/template';
import type { StructField } from '../spec/struct';
import { structTemplates } from '../struct/read-fields';
import type { FieldSpan } from '../struct/encode';
import { fieldCuts } from './field-cuts';
import { earlyFinAfter, nextCoalescibleSend } from './plan-steps';
import { stepEffect } from '../load/steps/registry';
import { UnboundVariable } from '../spec/template';
import type { FuzzSettings, Spec, Step } from '../spec/types';
import type { ChunkPlan, ReaderShape, SendShape } from './plan';

/** The longest pause the fuzzer varies (read pauses, the shutdown delay) when the spec sets no `delay`. */
const EXTRA_DELAY_MS = 5;

/**
 * A slow reader's stall is a whole number of these, up to STALL_MAX_MS. A
 * failure that hangs on how long we read nothing shrinks to the shortest
 * stall that fails; in steps of 1 ms that stall sits right at the other
 * side's own timeout, where a timer's slack decides each replay, while a
 * step this long leaves it a margin.
 */
export const STALL_STEP_MS = 25;
const STALL_MAX_MS = 200;

/**
 * The extra pause between pieces, on top of the delivery that keeps them
 * apart (read-confirmed or timed, src/fuzz/delivery/): the spec's `delay`
 * exactly, else none.
 */
export function gapRange(settings: FuzzSettings): { min: number; max: number } {
  return settings.delay ?? { min: 0, max: 0 };
}

/** Cuts per send at most, so a case's time does not grow with the payload. */
export const MAX_CUTS = 6;
/** Where interesting cut positions are looked for in a large payload. */
const SCAN_LIMIT = 4096;
/** Length assumed for a send whose bytes depend on a capture (known only while running). */
const UNKNOWN_LENGTH = 64;

export interface SendInfo {
  readonly step: number;
  readonly length: number;
  /** Cut offsets worth trying first. */
  readonly interesting: readonly number[];
  /** False for a `fuzz: false` send: written whole, so no cut is drawn for it. */
  readonly reshape: boolean;
  /** A `struct` send's fields and where they lie, so cuts can aim at them and a case can name them. */
  readonly fields?: readonly FieldSpan[];
}

/**
 * The spec's variables, with a stand-in "0" for a capture not made yet: a
 * struct's layout (which field lies where) mostly does not depend on the
 * values, so its fields can still be aimed at before the run.
 */
export function layoutVars(spec: Spec, fields: readonly StructField[]): Vars {
  const vars = new Map<string, VarValue>(Object.entries(spec.vars));
  for (const t of structTemplates(fields)) for (const name of templateRefs(t)) if (!vars.has(name)) vars.set(name, '0');
  return vars;
}

/** The send steps of `spec` with their lengths and interesting cut offsets. */
export function sendsOf(spec: Spec): SendInfo[] {
  const vars = new Map(Object.entries(spec.vars));
  return spec.steps
    .filter((s): s is Step & { kind: 'send' } => s.kind === 'send')
    .map((s) => {
      if (s.payload.kind === 'struct') {
        // A struct's cuts aim at its fields; its bytes may still vary in what they hold.
        try {
          const bytes = payloadBytes(s.payload, layoutVars(spec, s.payload.fields));
          const fields = bytes.fields ?? [];
          return {
            step: s.index,
            length: bytes.length,
            interesting: fieldCuts(fields, bytes.length),
            reshape: s.fuzz,
            fields,
          };
        } catch {
          // A stand-in that does not fit a field (a length it counts): aim at no field, cut anywhere.
          return { step: s.index, length: UNKNOWN_LENGTH, interesting: [], reshape: s.fuzz };
        }
      }
      try {
        const bytes = payloadBytes(s.payload, vars);
        return {
          step: s.index,
          length: bytes.length,
          interesting: interestingCuts(bytes.slice(0, Math.min(bytes.length, SCAN_LIMIT))),
          reshape: s.fuzz,
        };
      } catch (err) {
        if (err instanceof UnboundVariable)
          return { step: s.index, length: UNKNOWN_LENGTH, interesting: [], reshape: s.fuzz };
        throw err;
      }
    });
}

/** Offsets where a cut tests framing code hardest. */
export function interestingCuts(b: Buffer): number[] {
  const at = new Set<number>();
  for (let i = 1; i <= Math.min(4, b.length - 1); i++) at.add(i); // inside a length header
  for (let i = 1; i < b.length; i++) {
    if (b[i - 1] === 0x0d && b[i] === 0x0a) at.add(i); // between \r and \n
    if (b[i - 1] === 0x0a) at.add(i); // right after a line
    if ((b[i]! & 0xc0) === 0x80) at.add(i); // inside a UTF-8 character
  }
  if (b.length > 2) at.add(b.length - 1); // the last byte alone
  return [...at].filter((c) => c > 0 && c < b.length).sort((x, y) => x - y);
}

function cutArbitrary(send: SendInfo): fc.Arbitrary<number> {
  const uniform = fc.integer({ min: 1, max: send.length - 1 });
  if (send.interesting.length === 0) return uniform;
  return fc.oneof(fc.constantFrom(...send.interesting), uniform);
}

function sendShapeArbitrary(send: SendInfo, settings: FuzzSettings): fc.Arbitrary<SendShape> {
  const gap = fc.integer(gapRange(settings));
  if (!settings.split || !send.reshape || send.length < 2)
    return fc.record({ cuts: fc.constant([] as number[]), gapMs: gap });
  // fast-check shrinks a list's length first, so a failure reaches the fewest cuts that still fail.
  return fc.record({
    cuts: fc.uniqueArray(cutArbitrary(send), { maxLength: Math.min(MAX_CUTS, send.length - 1) }),
    gapMs: gap,
  });
}

function readerArbitrary(settings: FuzzSettings): fc.Arbitrary<ReaderShape | null> {
  if (!settings.slowReader) return fc.constant(null);
  const pauseMax = Math.max(1, settings.delay?.max ?? EXTRA_DELAY_MS);
  return fc.option(
    fc.record({
      stallMs: fc.integer({ min: 0, max: STALL_MAX_MS / STALL_STEP_MS }).map((steps) => steps * STALL_STEP_MS),
      pauseMs: fc.integer({ min: 0, max: pauseMax }),
    }),
    { freq: 2 },
  );
}

/** Plans for `spec` under `settings`; the same whichever delivery keeps the pieces apart, so a path replays in either. */
export function chunkPlanArbitrary(spec: Spec, settings: FuzzSettings): fc.Arbitrary<ChunkPlan> {
  const sends = sendsOf(spec);
  // Steps are 1-based indexes; a send may merge with the next one when only sleeps stand between.
  const adjacentSends = sends
    .slice(0, -1)
    .map((s, i) => nextCoalescibleSend(spec.steps, s.step - 1) === sends[i + 1]!.step - 1);
  return fc.record({
    sends: fc.tuple(...sends.map((s) => sendShapeArbitrary(s, settings))),
    coalesce: fc.tuple(
      ...adjacentSends.map((adjacent) => (settings.coalesce && adjacent ? fc.boolean() : fc.constant(false))),
    ),
    reader: readerArbitrary(settings),
    shutdownDelayMs: spec.steps.some((s) => stepEffect(s) === 'ends-sending')
      ? fc.integer({ min: 0, max: settings.delay?.max ?? EXTRA_DELAY_MS })
      : fc.constant(0),
    halfCloseEarly: earlyFinAfter(spec.steps) !== undefined ? fc.boolean() : fc.constant(false),
  });
}
