/**
 * The proof for binary protocols (issue 16): from a plain `struct` spec,
 * `tcpspec fuzz` fails the PostgreSQL-like server that takes each u32be
 * length from one read and the MQTT-like server that decodes its varint from
 * one read, and the smallest case names the field the split falls in; the
 * correct twins, which differ from them only in that read, pass 500 cases.
 * Both bugs need the split delivered as two reads, which read-confirmed
 * delivery guarantees and timed gaps give in practice: the failure comes
 * from the split, not from how fast either side happens to read.
 */
import * as path from 'node:path';
import { StepError } from '../../src/errors';
import { fuzzSpecFile } from '../../src/fuzz/fuzz-spec';
import type { DeliveryChoice } from '../../src/fuzz/delivery/delivery';
import type { ChunkPlan } from '../../src/fuzz/plan';
import { TargetPool } from '../../src/targets/pool';
import { fixtureClients, fixtureProviders } from '../../fixtures';

// A buggy case fails and shrinks in seconds; 500 cases of a correct twin take about ten.
jest.setTimeout(120_000);

const specFile = (name: string): string => path.join(__dirname, '..', '..', 'specs', 'fixtures', `${name}.yaml`);

const pool = new TargetPool({ servers: fixtureProviders, clients: fixtureClients });
afterAll(() => pool.stopAll());

/** Every cut of the plan, with the send it splits (1-based). */
const cutsOf = (plan: ChunkPlan): { send: number; at: number }[] =>
  plan.sends.flatMap((s, i) => s.cuts.map((at) => ({ send: i + 1, at })));

/** The shrunk case is one split and nothing else: the bug needs nothing more. */
function onlyOneSplit(plan: ChunkPlan): void {
  expect(cutsOf(plan)).toHaveLength(1);
  expect(plan.coalesce.filter(Boolean)).toEqual([]);
  expect(plan.reader).toBeNull();
  expect(plan.halfCloseEarly).toBe(false);
}

const buggy: [name: string, correctTwin: string, words: RegExp][] = [
  // Every message's length is a u32be; a split inside any of them (the startup's, the query's, the
  // terminate's named "length") makes the twin parse 1-3 bytes as the length.
  [
    'buggy-pg-length-one-recv',
    'pg-like',
    /^send #\d+ \(step \d+\) split inside field [12] (?:"length" )?\(u32be(?: length)?\) after its (?:1st|2nd|3rd) byte \(/,
  ],
  // Only the PUBLISH has a varint of two bytes (d7 01); a split anywhere else is harmless.
  [
    'buggy-mqtt-varint-one-read',
    'mqtt-like',
    /^send #2 \(step 3\) split inside field 2 \(varint length\) after its 1st byte \(/,
  ],
];

/** Read-confirmed delivery (on Linux) with two seeds, and timed gaps (what a remote target gets) with a third. */
const cases: [DeliveryChoice, number][] = [
  ['auto', 1],
  ['auto', 2],
  ['timed', 3],
];

describe('tcpspec fuzz fails each buggy binary fixture from its plain spec, naming the field', () => {
  describe.each(buggy)('%s', (name, _twin, words) => {
    it.each(cases)('%s delivery, seed %i', async (delivery, seed) => {
      const r = await fuzzSpecFile(specFile(name), { pool, seed, delivery });
      expect(r.error?.message).toBeUndefined();
      expect(r.status).toBe('failed');
      expect(r.delivery?.mode).toBe(delivery === 'timed' || process.platform !== 'linux' ? 'timed' : 'read-confirmed');
      expect(r.failure!.unconfirmed).toBe(false);
      expect(r.failure!.error).toBeInstanceOf(StepError);
      onlyOneSplit(r.failure!.plan);
      expect(r.failure!.words).toMatch(words);
    });
  });
});

describe('tcpspec fuzz passes the correct binary twins under 500 cases', () => {
  it.each(buggy.map(([, twin]) => [twin]))('%s', async (twin) => {
    const r = await fuzzSpecFile(specFile(twin), { pool, seed: 1, runs: 500 });
    expect(r.failure ? `${r.failure.words}: ${r.failure.error.message}` : r.error?.message).toBeUndefined();
    expect(r.status).toBe('passed');
    expect(r.runs).toBeGreaterThanOrEqual(500);
  });
});
