/**
 * `tcpspec fuzz --fields` against the real binary servers (issue 19 item 4):
 * each server is told every lie its spec's length fields can tell, one case
 * at a time, and must keep serving others while the liar waits, and still run
 * once it has closed. What each server did with each lie is the table in
 * docs/lying-lengths.md ("Real servers"); this keeps that table true.
 * Afterwards no container and no connection to the servers is left.
 */
import { join } from 'node:path';
import { RUN_ID, containerProviders, stopAllContainers } from '../../src/containers';
import type { Claim } from '../../src/fuzz/lying/cases';
import { fuzzSpecFileWithFields } from '../../src/fuzz/lying/fuzz-fields';
import type { LyingOutcome } from '../../src/fuzz/lying/run-case';
import { TargetPool } from '../../src/targets/pool';
import { listContainers } from './list-containers';
import { ownConnectionsTo } from './open-sockets';

const ROOT = join(__dirname, '..', '..');
/** A server's container start, the plain exchange and every case (none of which waits out a step timeout when all pass). */
const SERVER_TIMEOUT_MS = 120_000;

/** What the server did with the lying connection by the end of the replay, and whether it sent anything on it first. */
type Fate = 'closed' | 'replied, closed' | 'reset' | 'replied, reset' | 'replied, kept open' | 'kept open';

/** For each lying field (`step N: field ...`), what the server did with each claim the field was given. */
type Fates = Record<string, Partial<Record<Claim, Fate>>>;

interface RealServer {
  readonly server: string;
  /** The spec whose sends lie, relative to the project. */
  readonly spec: string;
  readonly fates: Fates;
}

function fateOf(c: LyingOutcome): Fate {
  const replied = c.answered > 0 ? 'replied, ' : '';
  switch (c.liar) {
    case 'closed':
    case 'reset':
      return `${replied}${c.liar}`;
    case 'replied':
      return 'replied, kept open';
    case 'kept open':
      return 'kept open';
    case 'not sent':
      throw new Error(`case ${c.number} (${c.words}) never sent its lie: ${c.happened ?? ''}`);
  }
}

function fatesOf(cases: readonly LyingOutcome[]): Fates {
  const fates: Fates = {};
  for (const c of cases) (fates[`step ${c.step}: ${c.field}`] ??= {})[c.claim] = fateOf(c);
  return fates;
}

/** Unbound and BIND 9 do the same with every lie: a 2-byte message length of 0 or 1 resets, a label length is answered. */
const resolverFates: Fates = {
  'step 1: field 1 (u16be length)': {
    zero: 'reset',
    one: 'reset',
    maximum: 'kept open',
    'truth-1': 'replied, kept open',
    'truth+1': 'kept open',
    'far-beyond': 'kept open',
  },
  'step 1: field 8 (u8 length)': {
    zero: 'replied, kept open',
    one: 'replied, kept open',
    maximum: 'replied, kept open',
    'truth-1': 'replied, kept open',
    'truth+1': 'replied, kept open',
  },
  'step 1: field 10 (u8 length)': {
    zero: 'replied, kept open',
    one: 'replied, kept open',
    maximum: 'replied, kept open',
    'truth-1': 'replied, kept open',
    'truth+1': 'replied, kept open',
  },
  'step 1: field 12 (u8 length)': {
    zero: 'replied, kept open',
    one: 'replied, kept open',
    maximum: 'replied, kept open',
    'truth-1': 'replied, kept open',
    'truth+1': 'replied, kept open',
  },
};

const servers: readonly RealServer[] = [
  {
    server: 'PostgreSQL 15',
    spec: 'specs/postgres/simple-query.yaml',
    // A length too small or too large closes without a word; one short leaves a string unterminated: an error, then a close.
    fates: {
      'step 1: field 1 (u32be length)': {
        zero: 'closed',
        one: 'closed',
        maximum: 'closed',
        'truth-1': 'replied, closed',
        'truth+1': 'kept open',
        'far-beyond': 'kept open',
      },
      'step 5: field 2 (u32be length)': {
        zero: 'closed',
        one: 'closed',
        maximum: 'closed',
        'truth-1': 'replied, closed',
        'truth+1': 'kept open',
        'far-beyond': 'kept open',
      },
    },
  },
  {
    server: 'MariaDB 10.11',
    spec: 'specs/mariadb/ping.yaml',
    // 0xffffff announces a packet continued in the next one, which MariaDB waits for.
    fates: {
      'step 2: field 1 (u24le length)': {
        zero: 'replied, closed',
        one: 'replied, closed',
        maximum: 'kept open',
        'truth-1': 'replied, kept open',
        'truth+1': 'kept open',
        'far-beyond': 'kept open',
      },
      'step 4: field 1 (u24le length)': {
        zero: 'replied, kept open',
        maximum: 'kept open',
        'truth+1': 'kept open',
        'far-beyond': 'kept open',
      },
      'step 6: field 1 (u24le length)': {
        zero: 'replied, kept open',
        maximum: 'kept open',
        'truth+1': 'kept open',
        'far-beyond': 'kept open',
      },
      'step 8: field 1 (u24le length)': {
        zero: 'replied, kept open',
        maximum: 'kept open',
        'truth+1': 'kept open',
        'far-beyond': 'kept open',
      },
    },
  },
  {
    server: 'Knot DNS 3.2',
    spec: 'specs/dns/a-query.yaml',
    // A message claiming more than is sent holds Knot's one TCP worker until tcp-io-timeout (500 ms) drops the
    // liar: the replay is answered only then, so by its end the liar is closed (docs/lying-lengths.md, Knot).
    fates: {
      'step 1: field 1 (u16be length)': {
        zero: 'reset',
        one: 'reset',
        maximum: 'closed',
        'truth-1': 'reset',
        'truth+1': 'closed',
        'far-beyond': 'closed',
      },
      'step 1: field 8 (u8 length)': {
        zero: 'replied, closed',
        one: 'closed',
        maximum: 'closed',
        'truth-1': 'closed',
        'truth+1': 'closed',
      },
      'step 1: field 10 (u8 length)': {
        zero: 'replied, closed',
        one: 'closed',
        maximum: 'closed',
        'truth-1': 'closed',
        'truth+1': 'closed',
      },
      'step 1: field 12 (u8 length)': {
        zero: 'replied, closed',
        one: 'closed',
        maximum: 'closed',
        'truth-1': 'closed',
        'truth+1': 'closed',
      },
    },
  },
  {
    server: 'Unbound 1.17',
    spec: 'specs/dns/lying-lengths/unbound.yaml',
    fates: resolverFates,
  },
  {
    server: 'BIND 9.18',
    spec: 'specs/dns/lying-lengths/bind9.yaml',
    fates: resolverFates,
  },
  {
    server: 'memcached 1.6 (binary)',
    spec: 'specs/memcached/binary-get-hit.yaml',
    // A key length that moves the key's end inside the body is a well-formed SET of another key: stored (status 0).
    fates: {
      'step 1: field 3 (u16be length)': {
        zero: 'replied, closed',
        one: 'replied, kept open',
        maximum: 'kept open',
        'truth-1': 'replied, kept open',
        'truth+1': 'replied, kept open',
        'far-beyond': 'kept open',
      },
      'step 1: field 4 (u8 length)': {
        zero: 'replied, closed',
        one: 'replied, closed',
        maximum: 'kept open',
        'truth-1': 'replied, closed',
        'truth+1': 'replied, closed',
      },
      'step 1: field 7 (u32be length)': {
        zero: 'replied, closed',
        one: 'replied, closed',
        maximum: 'replied, kept open',
        'truth-1': 'replied, kept open',
        'truth+1': 'kept open',
        'far-beyond': 'kept open',
      },
      'step 3: field 3 (u16be length)': {
        zero: 'replied, closed',
        one: 'replied, closed',
        maximum: 'kept open',
        'truth-1': 'replied, closed',
        'truth+1': 'kept open',
        'far-beyond': 'kept open',
      },
      'step 3: field 7 (u32be length)': {
        zero: 'replied, closed',
        one: 'replied, closed',
        maximum: 'replied, closed',
        'truth-1': 'replied, closed',
        'truth+1': 'replied, closed',
        'far-beyond': 'replied, closed',
      },
    },
  },
  {
    server: 'Mosquitto 2.0',
    spec: 'specs/mqtt/ping.yaml',
    // The remaining length is checked before the packet is read (a close with bytes unread is a reset); the strings after.
    fates: {
      'step 1: field 2 (varint length)': {
        zero: 'reset',
        one: 'reset',
        maximum: 'kept open',
        'truth-1': 'reset',
        'truth+1': 'kept open',
        'far-beyond': 'kept open',
      },
      'step 1: field 3 (u16be length)': {
        zero: 'closed',
        one: 'closed',
        maximum: 'closed',
        'truth-1': 'closed',
        'truth+1': 'closed',
        'far-beyond': 'closed',
      },
      'step 1: field 8 (u16be length)': {
        zero: 'closed',
        one: 'closed',
        maximum: 'closed',
        'truth-1': 'closed',
        'truth+1': 'closed',
        'far-beyond': 'closed',
      },
    },
  },
];

describe('tcpspec fuzz --fields against the real binary servers', () => {
  // Containers only, as the CLI would start them.
  const pool = new TargetPool({ servers: containerProviders, clients: [] });
  afterAll(async () => {
    await pool.stopAll();
    await stopAllContainers();
  });

  it.each(servers)(
    '$server survives every lie of $spec, taking each as docs/lying-lengths.md says',
    async ({ spec, fates }) => {
      const r = await fuzzSpecFileWithFields(join(ROOT, spec), { fields: true, pool });
      expect(r.error?.message).toBeUndefined();
      expect(r.lying?.cases.length).toBe(r.lying?.total);
      expect(r.lying!.cases.filter((c) => !c.ok).map((c) => `${c.words}: ${c.happened ?? ''}`)).toEqual([]);
      expect(r.status).toBe('passed');
      expect(fatesOf(r.lying!.cases)).toEqual(fates);
      // Every liar and every replay closed its connection: none is held open to the server.
      const { port } = await pool.start(r.spec!.target!.name);
      expect(ownConnectionsTo(port)).toEqual([]);
    },
    SERVER_TIMEOUT_MS,
  );

  it('stops and removes every container it started', async () => {
    await pool.stopAll();
    await stopAllContainers();
    expect(await listContainers(RUN_ID)).toEqual([]);
  });
});
