/**
 * A function of this process as the client under test: fuzzClient plays the
 * mock server per case with the replies cut, the function's own error is the
 * failure, and nothing stays listening once the call settles.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ClientFunctionError,
  closeOpenMocks,
  fuzzClient,
  humanReport,
  mockServer,
  openMockCount,
} from '../../src/jest';
import { StepError } from '../../src/errors';
import { UsageError } from '../../src/usage-error';
import { loadSpecText } from '../../src/load/load';
import { GREETING_SPEC, greetCorrectly, greetWithOneRead } from './line-clients';
import type { Address } from './line-clients';

let dir: string;
let specFile: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-fuzz-client-'));
  specFile = path.join(dir, 'greeting.yaml');
  fs.writeFileSync(specFile, GREETING_SPEC);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  expect(openMockCount()).toBe(0);
});

/** Resolves with the error a connection to `address` meets (undefined: it connected). */
function connectError(address: Address): Promise<string | undefined> {
  return new Promise((resolve) => {
    const s = net.connect(address.port, address.host);
    s.once('connect', () => {
      s.destroy();
      resolve(undefined);
    });
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code));
  });
}

describe('fuzzClient()', () => {
  it('passes a client that reads its reply up to the newline, across every generated case', async () => {
    const replies: string[] = [];
    const result = await fuzzClient(
      specFile,
      async (address) => {
        replies.push(await greetCorrectly(address));
      },
      { runs: 40, seed: 7 },
    );
    expect(result).toPassSpec();
    expect(result.runs).toBe(41);
    expect(new Set(replies)).toEqual(new Set(['WELCOME to the mock\n']));
  });

  it('fails a client that takes one data event for the reply, with its own error and the smallest case', async () => {
    const result = await fuzzClient(specFile, greetWithOneRead, { runs: 100, seed: 3 });
    expect(result.status).toBe('failed');
    const failure = result.failure!;
    const error = failure.error;
    if (!(error instanceof ClientFunctionError)) throw new Error(`not a ClientFunctionError: ${error.message}`);
    expect(error.ending.kind).toBe('rejected');
    expect((error.thrown as Error).message).toMatch(/^the reply ended without a newline: "W/);
    // Its stack names the function that threw, in the file it was written in.
    expect(error.message).toMatch(/at greetWithOneRead \(.*line-clients\.ts:\d+:\d+\)/);
    // Shrunk to one cut of the one send; no reader shaping, no merge.
    expect(failure.plan.sends).toEqual([{ cuts: [expect.any(Number)], gapMs: 0 }]);
    expect(failure.plan.reader).toBeNull();
    expect(failure.flaky).toBe(false);
    expect(failure.replay).toBe(
      `fuzzClient(${JSON.stringify(specFile)}, fn, { seed: 3, path: ${JSON.stringify(failure.path)} })`,
    );
  });

  it('runs cases several at a time, each against a mock of its own, and reports the case a sequential run finds', async () => {
    const sequential = await fuzzClient(specFile, greetWithOneRead, { runs: 100, seed: 3 });
    const parallel = await fuzzClient(specFile, greetWithOneRead, { runs: 100, seed: 3, parallel: 4 });
    expect(parallel.parallel).toBe(4);
    expect(parallel.failure!.plan).toEqual(sequential.failure!.plan);
    expect(parallel.failure!.path).toBe(sequential.failure!.path);
  });

  it('replays exactly the reported case from { seed, path }', async () => {
    const found = await fuzzClient(specFile, greetWithOneRead, { runs: 100, seed: 3 });
    const { path: casePath, plan } = found.failure!;
    const replayed = await fuzzClient(specFile, greetWithOneRead, { seed: 3, path: casePath });
    expect(replayed.status).toBe('failed');
    expect(replayed.failure!.plan).toEqual(plan);
    expect(replayed.failure!.error).toBeInstanceOf(ClientFunctionError);
  });

  it('reports the smallest case, seed, replay from code, the error and the conversation through toPassSpec()', async () => {
    const result = await fuzzClient(specFile, greetWithOneRead, { runs: 100, seed: 3 });
    const report = humanReport(result);
    expect(report).toContain('smallest failing case: send #1 (step 2) split after byte');
    expect(report).toContain(`{ seed: 3, path: "${result.failure!.path}" }`);
    expect(report).toContain('replay: fuzzClient(');
    expect(report).not.toContain('npx tcpspec');
    expect(report).toContain('the client function rejected Error: the reply ended without a newline');
    expect(report).toMatch(/the conversation \(>> sent by tcpspec/);
    expect(report).toContain('<<  6 bytes');
    expect(() => expect(result).toPassSpec()).toThrow(report);
  });

  it('fails a function that does not settle within the spec timeout, and says so', async () => {
    // The expect waits longer than the spec's timeout: the function's own timeout is what ends the case.
    const spec = loadSpecText(
      'specs/silent.yaml',
      'name: a mock that waits\nrole: server\ntimeout: 300ms\nsteps:\n  - expect: "HELLO\\n"\n    timeout: 30s\n  - send: "hi\\n"\n',
    );
    const opened: net.Socket[] = [];
    const result = await fuzzClient(
      spec,
      ({ host, port }) =>
        new Promise(() => {
          // Connects, says nothing, never settles.
          opened.push(net.connect(port, host).on('error', () => undefined));
        }),
      { runs: 3 },
    );
    for (const s of opened) s.destroy();
    expect(result.status).toBe('failed');
    expect(result.failure!.path).toBe('');
    expect(result.failure!.error).toBeInstanceOf(ClientFunctionError);
    expect(result.failure!.error.message).toBe(
      "specs/silent.yaml: the client function did not settle within 300ms (the spec's timeout)",
    );
    expect(humanReport(result)).not.toContain('exited with status');
  });

  it('keeps a step failure beside the error of a function that threw after it', async () => {
    const spec = loadSpecText(
      'specs/strict.yaml',
      'name: a strict mock\nrole: server\ntimeout: 1s\nsteps:\n  - expect: "HELLO\\n"\n  - send: "hi\\n"\n',
    );
    const result = await fuzzClient(spec, async ({ host, port }) => {
      const s = net.connect(port, host);
      s.write('HELO\n');
      await new Promise((resolve) => s.once('close', resolve));
      throw new Error('the server hung up');
    });
    const error = result.failure!.error;
    if (!(error instanceof ClientFunctionError)) throw new Error(`not a ClientFunctionError: ${error.message}`);
    expect(error.stepFailure).toBeInstanceOf(StepError);
    expect(error.message).toContain('the mock server meanwhile:');
    expect(error.message).toContain('step 1 (expect)');
  });

  it('is an error result, not a throw, for a spec in the client role', async () => {
    const spec = loadSpecText('specs/client.yaml', 'name: a client\nsteps:\n  - close\n');
    const result = await fuzzClient(spec, () => undefined);
    expect(result.status).toBe('error');
    expect(result.error).toBeInstanceOf(UsageError);
    expect(result.error!.message).toContain('needs "role: server"');
  });

  it('leaves nothing listening once it settled', async () => {
    const seen: Address[] = [];
    await fuzzClient(
      specFile,
      async (address) => {
        seen.push(address);
        await greetCorrectly(address);
      },
      { runs: 5 },
    );
    expect(seen.length).toBe(6);
    for (const address of seen) expect(await connectError(address)).toBe('ECONNREFUSED');
  });
});

describe('mockServer()', () => {
  it('plays one plain exchange for client code and passes it', async () => {
    const mock = await mockServer(specFile);
    expect(await greetCorrectly(mock)).toBe('WELCOME to the mock\n');
    expect(await mock.result()).toPassSpec();
    expect(await connectError(mock)).toBe('ECONNREFUSED');
  });

  it('fails when the client code said something else, with the conversation in the report', async () => {
    const mock = await mockServer(specFile);
    const s = net.connect(mock.port, mock.host);
    s.end('GOODBYE\n');
    const result = await mock.result();
    expect(result.status).toBe('failed');
    expect(humanReport(result)).toContain('>>');
    expect(humanReport(result)).toContain('"GOODBYE\\n"');
  });

  it('stops listening on its own once the conversation is over, even when no one asks for the result', async () => {
    const spec = loadSpecText(
      'specs/short.yaml',
      'name: a short wait\nrole: server\ntimeout: 200ms\nsteps:\n  - close\n',
    );
    const mock = await mockServer(spec);
    const s = net.connect(mock.port, mock.host).on('error', () => undefined);
    await new Promise((resolve) => s.once('close', resolve));
    await new Promise<void>((resolve) => {
      const poll = (): void => void connectError(mock).then((e) => (e === 'ECONNREFUSED' ? resolve() : poll()));
      poll();
    });
    expect(openMockCount()).toBe(0);
  });

  it('is closed by closeOpenMocks() when a test never asked for its result', async () => {
    const mock = await mockServer(specFile);
    expect(openMockCount()).toBe(1);
    await closeOpenMocks();
    expect(openMockCount()).toBe(0);
    expect(await connectError(mock)).toBe('ECONNREFUSED');
  });
});

describe('under jest', () => {
  it('closes what a test that timed out left open, before the next test runs', async () => {
    const root = path.join(__dirname, '..', '..');
    const config = {
      rootDir: root,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/unit/jest-fixtures/timed-out-mocks.fixture.ts'],
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
    };
    const out = await new Promise<string>((resolve) => {
      execFile(
        process.execPath,
        [require.resolve('jest/bin/jest'), '--config', JSON.stringify(config), '--json', '--ci'],
        { cwd: root, timeout: 120_000, maxBuffer: 16 << 20 },
        (_error, stdout) => resolve(stdout),
      );
    });
    const json = JSON.parse(out) as {
      testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
    };
    const tests = json.testResults.flatMap((t) => t.assertionResults);
    expect(
      tests.map((t) => [t.title, t.status, t.status === 'failed' && /Exceeded timeout/.test(t.failureMessages[0]!)]),
    ).toEqual([
      ['a fuzzed client that never settles outlives the test', 'failed', true],
      ['a mock server whose test never asks for its result outlives the test', 'failed', true],
      ['nothing listens after them', 'passed', false],
    ]);
  }, 150_000);
});
