/**
 * The proof for TLS, STARTTLS and several connections: `tcpspec run` fails
 * the STARTTLS twin that executes plaintext pipelined behind STARTTLS and the
 * pub/sub twin that delivers only on the publisher's own connection, each
 * with the spec written for the correct server, at the step that shows the
 * bug; each twin passes the plain spec its bug hides from; and no correct
 * server fails any of these specs. (That `fuzz` finds the TLS twin, and never
 * fails a correct fixture, is in the fuzz-*.test.ts files with the others.)
 */
import * as path from 'node:path';
import { StepTimeoutError, UnexpectedDataError } from '../../src/peer/step-errors';
import { runSpecFile } from '../../src/run/run-spec';
import type { SpecResult } from '../../src/run/run-spec';
import { TargetPool } from '../../src/targets/pool';
import { fixtureClients, fixtureProviders } from '../../fixtures';

jest.setTimeout(60_000);

const root = path.join(__dirname, '..', '..');
const specFile = (name: string): string => path.join(root, 'specs', 'fixtures', `${name}.yaml`);

const pool = new TargetPool({ servers: fixtureProviders, clients: fixtureClients });
afterAll(() => pool.stopAll());

/** Runs the spec file `spec` against the fixture `target` (its own `target:` when they are the same). */
async function run(spec: string, target: string): Promise<SpecResult> {
  return runSpecFile(specFile(spec), { pool, target: await pool.start(target) });
}

const passed = (r: SpecResult): string => r.failure?.message ?? r.status;

describe('tcpspec run fails each buggy twin with the spec written for its correct sibling', () => {
  it('buggy-starttls-injection fails starttls-injection.yaml at the silence inside TLS, on the unasked 250 OK', async () => {
    const r = await run('starttls-injection', 'buggy-starttls-injection');
    expect(r.status).toBe('failed');
    expect(r.failure).toBeInstanceOf(UnexpectedDataError);
    const failure = r.failure as UnexpectedDataError;
    expect([failure.step.index, failure.step.kind]).toEqual([5, 'silence']);
    expect(failure.message).toContain('"250 OK\\r\\n"');
  });

  it('buggy-pubsub-own-connection fails pubsub.yaml waiting on main for the message published on pub', async () => {
    const r = await run('pubsub', 'buggy-pubsub-own-connection');
    expect(r.status).toBe('failed');
    expect(r.failure).toBeInstanceOf(StepTimeoutError);
    const failure = r.failure as StepTimeoutError;
    expect([failure.step.index, failure.step.kind, failure.step.connection]).toEqual([6, 'expect', 'main']);
    expect(failure.waitedMs).toBe(1000);
    expect(failure.message).toContain('MSG news hello world');
  });
});

describe('each buggy twin passes the plain spec its bug hides from', () => {
  it.each([
    ['starttls', 'buggy-starttls-injection'],
    ['pubsub-one-connection', 'buggy-pubsub-own-connection'],
    ['buggy-tls-read-is-line', 'buggy-tls-read-is-line'],
  ])('%s.yaml passes on %s', async (spec, target) => {
    expect(passed(await run(spec, target))).toBe('passed');
  });
});

describe('no correct server fails these specs under run', () => {
  it.each([
    ['starttls-injection', 'starttls'],
    ['starttls', 'starttls'],
    ['pubsub', 'pubsub'],
    ['pubsub-one-connection', 'pubsub'],
    ['tls-line-echo', 'tls-line-echo'],
    ['buggy-tls-read-is-line', 'tls-line-echo'],
  ])('%s.yaml passes on %s', async (spec, target) => {
    expect(passed(await run(spec, target))).toBe('passed');
  });
});
