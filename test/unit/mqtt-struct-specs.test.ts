/**
 * The MQTT specs moved from hand-written hex to `struct` without changing a
 * byte: each send encodes to exactly the bytes its hex spelled, and each
 * expect accepts exactly the bytes its hex did (all of them, consuming no
 * more, and none with one bit changed). They run against a real broker only
 * in the containers project, so this is what holds them here.
 */
import * as path from 'node:path';
import { findSpecFiles } from '../../src/run/discover';
import { loadSpecFile } from '../../src/load/load';
import { expectationFor } from '../../src/match/expectation';
import { payloadBytes } from '../../src/peer/payload-source';
import type { Matcher, Spec, Step } from '../../src/spec/types';
import { ChunkBuffer } from '../../src/stream/chunk-buffer';
import { mqttHexWire } from './mqtt-hex-wire';

const folder = path.join(__dirname, '..', '..', 'specs', 'mqtt');
const specs = findSpecFiles([folder]).map((file) => [path.basename(file), file] as const);

const bytesOf = (hex: string): Buffer => Buffer.from(hex.replace(/ /g, ''), 'hex');

function sent(spec: Spec, step: Step): Buffer {
  if (step.kind !== 'send') throw new Error(`step ${step.index} is ${step.kind}, not send`);
  const b = payloadBytes(step.payload, new Map(Object.entries(spec.vars)));
  return b.slice(0, b.length);
}

function matcherOf(step: Step): Matcher {
  if (step.kind !== 'expect') throw new Error(`step ${step.index} is ${step.kind}, not expect`);
  return step.matcher;
}

/** The matcher's verdict on exactly `bytes`, followed by the end of the stream, and how much it consumed. */
function judge(m: Matcher, bytes: Buffer): { state: string; consumed: number } {
  const input = new ChunkBuffer();
  input.push(bytes);
  const p = expectationFor(m, new Map(), { maxUnit: 1 << 20 }).advance(input, true);
  return { state: p.state, consumed: input.offset };
}

describe('the MQTT specs in struct form put the same bytes on the wire as their hex did', () => {
  it('has every spec the hex baseline has, and no other', () => {
    expect(specs.map(([name]) => name).sort()).toEqual(Object.keys(mqttHexWire).sort());
  });

  describe.each(specs)('%s', (name, file) => {
    const spec = loadSpecFile(file);
    const baseline = mqttHexWire[name]!;

    it('keeps its steps', () => {
      expect(spec.steps).toHaveLength(baseline.steps);
    });

    const sends = baseline.wire.filter(([, kind]) => kind === 'send');
    const expects = baseline.wire.filter(([, kind]) => kind === 'expect');

    if (sends.length > 0)
      it.each(sends.map(([step, , hex]) => [step, hex]))('step %i sends %s', (step, hex) => {
        expect(sent(spec, spec.steps[step - 1]!).toString('hex')).toBe(bytesOf(hex).toString('hex'));
      });

    it.each(expects.map(([step, , hex]) => [step, hex]))('step %i accepts exactly %s', (step, hex) => {
      const m = matcherOf(spec.steps[step - 1]!);
      const bytes = bytesOf(hex);
      expect(judge(m, bytes)).toEqual({ state: 'matched', consumed: bytes.length });
      for (let i = 0; i < bytes.length; i++) {
        const changed = Buffer.from(bytes);
        changed[i]! ^= 0x01;
        expect([i, judge(m, changed).state]).not.toEqual([i, 'matched']);
      }
      expect(judge(m, bytes.subarray(0, -1)).state).not.toBe('matched');
    });
  });
});
