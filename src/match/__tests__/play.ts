/**
 * Test helpers for matchers: read them from YAML as the loader does, and
 * play them over chunks as the peer does, recording every verdict in a form
 * that can be compared across different splits of the same bytes.
 */
import { quoteBytes } from '../../bytes';
import { loadSpecText } from '../../load/load';
import type { VarValue } from '../../spec/template';
import type { Matcher, Spec } from '../../spec/types';
import { ChunkBuffer } from '../../stream/chunk-buffer';
import { expectationFor } from '../expectation';

/** A spec of `expect` steps written inline (with `vars: { who: world }`). */
export function specOf(...yaml: string[]): Spec {
  return loadSpecText(
    'specs/m.yaml',
    `name: m\nvars: { who: world }\nsteps:\n${yaml.map((y) => `  - expect: ${y}\n`).join('')}`,
  );
}

/** The matchers of the `expect` steps of a spec written inline. */
export function matchersOf(...yaml: string[]): Matcher[] {
  return specOf(...yaml).steps.map((s) => (s as { matcher: Matcher }).matcher);
}

/** The problem the loader reports for a spec of `expect` steps, as FILE:LINE:COLUMN: message. */
export function loadProblem(...yaml: string[]): string {
  try {
    specOf(...yaml);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the spec loaded without a problem');
}

export interface Verdict {
  state: 'matched' | 'mismatch' | 'ended' | 'overflow';
  /** Absolute stream offset after the verdict: how much the expectations consumed. */
  consumed: number;
  captures?: Record<string, VarValue>;
  offset?: number;
  expected?: string;
  /** The received bytes the verdict depended on, quoted. */
  received?: string;
  reason?: string;
  /** What it was waiting for when the stream ended. */
  awaiting?: string;
}

/**
 * Plays expectations in order over `chunks`, one chunk arriving at a time, as
 * the peer does; the stream ends after the last chunk. Stops at the first
 * verdict other than `matched`.
 */
export function play(ms: readonly Matcher[], chunks: readonly Uint8Array[], maxUnit = 1 << 20): Verdict[] {
  const input = new ChunkBuffer();
  const vars = new Map<string, VarValue>([['who', 'world']]);
  let next = 0;
  const verdicts: Verdict[] = [];
  for (const m of ms) {
    const e = expectationFor(m, vars, { maxUnit });
    for (;;) {
      const ended = next >= chunks.length;
      const p = e.advance(input, ended);
      if (p.state === 'pending') {
        if (ended) throw new Error('pending after the stream ended');
        input.push(Buffer.from(chunks[next++]!));
        continue;
      }
      const v: Verdict = { state: p.state, consumed: input.offset };
      if (p.state === 'matched') {
        v.captures = p.captures;
        for (const [k, val] of Object.entries(p.captures)) vars.set(k, val);
      }
      if (p.state === 'mismatch') {
        if (p.offset !== undefined) v.offset = p.offset;
        v.expected = p.expected;
        const decidedAt = p.decidedAt ?? p.streamOffset + p.received.length;
        v.received = quoteBytes(p.received.subarray(0, decidedAt - p.streamOffset), Infinity);
        if (p.reason !== undefined) v.reason = p.reason;
      }
      if (p.state === 'ended') v.awaiting = e.awaiting(input);
      verdicts.push(v);
      if (p.state !== 'matched') return verdicts;
      break;
    }
  }
  return verdicts;
}

/** The bytes of `stream` cut at `cuts` (positions inside it, any order). */
export function cutAt(stream: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const at = [0, ...[...cuts].sort((a, b) => a - b), stream.length];
  return at.slice(1).map((end, k) => stream.subarray(at[k], end));
}

/** One byte at a time. */
export function oneByOne(stream: Uint8Array): Uint8Array[] {
  return [...stream].map((b) => Uint8Array.of(b));
}

export const bytesOf = (s: string): Buffer => Buffer.from(s, 'utf8');
