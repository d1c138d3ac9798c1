/**
 * The proof that `tcpspec fuzz --fields` does its job: from the plain record
 * spec, it fails each buggy record server on exactly the lies its bug cannot
 * take, naming the field, the value and what happened, and passes the correct
 * server on every lie; the command a failure prints replays that case alone;
 * and no case leaves a process or a socket behind.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fuzzSpecFileWithFields } from '../../src/fuzz/lying/fuzz-fields';
import type { LyingOutcome } from '../../src/fuzz/lying/run-case';
import { TargetPool } from '../../src/targets/pool';
import { fixtureClients, fixtureProviders } from '../../fixtures';
import { cli } from '../unit/cli-io';

// Every case is real exchanges; the one-at-a-time twin's failures each wait out a 2 s step timeout.
jest.setTimeout(180_000);

const root = path.join(__dirname, '..', '..');
const specOf = (name: string): string => path.join(root, 'specs', 'fixtures', `${name}.yaml`);
const catalog = { servers: fixtureProviders, clients: fixtureClients };

/** The record servers' processes that are children of this one, by their script's name. */
function recordServers(): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (ppid === process.pid && /record-[a-z-]+\.py/.test(cmd)) found.push(`${pid} ${cmd.replace(/\0/g, ' ')}`);
    } catch {
      // Gone between the listing and the read.
    }
  }
  return found;
}

const failing = (cases: readonly LyingOutcome[]): string[] =>
  cases.filter((c) => !c.ok).map((c) => `${c.words}: ${c.happened ?? ''}`);

/** Each buggy twin and the failures it must have, exactly: two sends, each with one length field. */
const twins: [string, string[]][] = [
  [
    'buggy-record-short-length',
    [
      'send #1 (step 1): field 2 "length" (u32be length) = 0 (true length 11): the process exited with status 70',
      'send #1 (step 1): field 2 "length" (u32be length) = 1 (true length 11): the process exited with status 70',
      'send #2 (step 3): field 2 (u32be length) = 0 (true length 9): the process exited with status 70',
      'send #2 (step 3): field 2 (u32be length) = 1 (true length 9): the process exited with status 70',
    ],
  ],
  [
    'buggy-record-huge-length',
    [
      'send #1 (step 1): field 2 "length" (u32be length) = 4294967295 (true length 11): the process exited with status 70',
      'send #2 (step 3): field 2 (u32be length) = 4294967295 (true length 9): the process exited with status 70',
    ],
  ],
  [
    'buggy-record-one-at-a-time',
    [
      'send #1 (step 1): field 2 "length" (u32be length) = 10 (true length 11): the replay timed out at step 2',
      'send #1 (step 1): field 2 "length" (u32be length) = 12 (true length 11): the replay timed out at step 2',
      'send #1 (step 1): field 2 "length" (u32be length) = 1011 (true length 11): the replay timed out at step 2',
      'send #2 (step 3): field 2 (u32be length) = 8 (true length 9): the replay timed out at step 2',
      'send #2 (step 3): field 2 (u32be length) = 10 (true length 9): the replay timed out at step 2',
      'send #2 (step 3): field 2 (u32be length) = 1009 (true length 9): the replay timed out at step 2',
    ],
  ],
];

describe('tcpspec fuzz --fields', () => {
  it.each(twins)('fails %s on exactly the lies its bug cannot take', async (name, expected) => {
    const pool = new TargetPool(catalog);
    const r = await fuzzSpecFileWithFields(specOf(name), { fields: true, pool }).finally(() => pool.stopAll());
    expect(r.status).toBe('failed');
    expect(r.lying?.cases).toHaveLength(12);
    expect(failing(r.lying!.cases)).toEqual(expected);
    expect(r.failure?.replay).toBe(
      `npx tcpspec fuzz ${specOf(name)} --fields --case ${r.lying!.cases.find((c) => !c.ok)!.number}`,
    );
    expect(recordServers()).toEqual([]);
  });

  it('passes the correct record server on every lie, which it refuses or waits out while serving others', async () => {
    const pool = new TargetPool(catalog);
    try {
      const r = await fuzzSpecFileWithFields(specOf('record-server'), { fields: true, pool });
      expect(failing(r.lying?.cases ?? [])).toEqual([]);
      expect(r.status).toBe('passed');
      const fate = Object.fromEntries(r.lying!.cases.map((c) => [`${c.step}:${c.claim}`, c.liar]));
      // Below the header or beyond 64 KiB: the error record and a close. One more, far more: it waits for the rest.
      expect(fate).toMatchObject({ '1:zero': 'closed', '1:maximum': 'closed', '1:truth+1': 'kept open' });
      expect(fate['1:far-beyond']).toBe('kept open');
      // The error record is counted as an answer to the liar; a server that waits has said nothing.
      const answered = Object.fromEntries(r.lying!.cases.map((c) => [`${c.step}:${c.claim}`, c.answered > 0]));
      expect(answered).toMatchObject({ '1:zero': true, '1:maximum': true, '1:truth+1': false, '1:far-beyond': false });
    } finally {
      await pool.stopAll();
    }
    expect(recordServers()).toEqual([]);
  });

  it('fails the twins through `tcpspec fuzz --fields` too, and the printed command replays the one case', async () => {
    const file = path.relative(process.cwd(), specOf('buggy-record-short-length'));
    const all = await cli(['fuzz', file, '--fields']);
    expect(all.status).toBe(1);
    const replay = /replay: npx tcpspec (fuzz .* --fields --case (\d+))$/m.exec(all.out);
    expect(replay?.[2]).toBe('1');
    const one = await cli(replay![1]!.split(' '));
    expect(one.status).toBe(1);
    expect(one.out).toContain(
      'case 1: send #1 (step 1): field 2 "length" (u32be length) = 0 (true length 11): the process exited with status 70',
    );
    expect(one.out).toContain('(1 of 12 lying-length cases, 1 failed');
    expect(recordServers()).toEqual([]);
  });

  it('passes the correct server from the spec alone: fuzz: { fields: true } adds the lies to the chunkings', async () => {
    const r = await cli(['fuzz', path.relative(process.cwd(), specOf('record-server')), '--runs', '5', '--seed', '1']);
    expect(r.out).toMatch(/PASS .*record-server\.yaml .*\(12 of 12 lying-length cases, 0 failed/);
    expect(r.status).toBe(0);
  });
});

afterAll(() => expect(recordServers()).toEqual([]));
