/** tcpspec/jest: a failing spec fails its jest test with the spec's human report as the message. */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixtureClients, fixtureProviders } from '../../fixtures';
import { fuzzSpecFile, runSpecFile } from '../../src';
import { humanReport } from '../../src/jest';
import { formatResult } from '../../src/report/human';
import { TargetPool } from '../../src/targets/pool';
import { rawServer } from './raw-server';

const root = path.join(__dirname, '..', '..');
const PASSING = 'name: echo answers\ntarget: echo\nsteps:\n  - send: "hi\\n"\n  - expect: "hi\\n"\n  - close\n';
const FAILING = 'name: echo says bye\ntarget: echo\nsteps:\n  - send: "hi\\n"\n  - expect: "bye\\n"\n  - close\n';

let dir: string;
const pool = new TargetPool({ servers: fixtureProviders, clients: fixtureClients });
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-jest-'));
  fs.writeFileSync(path.join(dir, 'passing.yaml'), PASSING);
  fs.writeFileSync(path.join(dir, 'failing.yaml'), FAILING);
});
afterAll(async () => {
  await pool.stopAll();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('toPassSpec()', () => {
  it('passes a result that passed', async () => {
    expect(await runSpecFile(path.join(dir, 'passing.yaml'), { pool })).toPassSpec();
  });

  it('fails a result that failed, with the human report of the spec as its message', async () => {
    const r = await runSpecFile(path.join(dir, 'failing.yaml'), { pool });
    expect(r.status).toBe('failed');
    const report = formatResult(r);
    expect(report).toContain('expected "bye\\n", received "hi\\n"');
    expect(() => {
      expect(r).toPassSpec();
    }).toThrow(report);
  });
});

interface JestJson {
  readonly numPassedTests: number;
  readonly numFailedTests: number;
  readonly testResults: readonly {
    readonly assertionResults: readonly {
      readonly title: string;
      readonly status: string;
      readonly failureMessages: readonly string[];
    }[];
  }[];
}

describe('describeSpecs()', () => {
  it('registers one test per spec, and the failing spec fails with its human report', async () => {
    const config = {
      rootDir: root,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/unit/jest-fixtures/specs-as-tests.fixture.ts'],
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
    };
    const out = await new Promise<string>((resolve) => {
      execFile(
        process.execPath,
        [require.resolve('jest/bin/jest'), '--config', JSON.stringify(config), '--json', '--ci'],
        { cwd: root, env: { ...process.env, TCPSPEC_JEST_SPECS: dir }, timeout: 120_000, maxBuffer: 16 << 20 },
        (_error, stdout) => resolve(stdout),
      );
    });
    const json = JSON.parse(out) as JestJson;
    const tests = json.testResults.flatMap((t) => t.assertionResults);
    expect(tests.map((t) => [path.basename(t.title), t.status]).sort()).toEqual([
      ['failing.yaml', 'failed'],
      ['passing.yaml', 'passed'],
    ]);
    const failed = tests.find((t) => t.status === 'failed')!;
    const expected = humanReport(await runSpecFile(path.join(dir, 'failing.yaml'), { pool }));
    // The first line of the report names the spec; the timing in it differs run to run, the rest must not.
    const withoutTime = (s: string): string => s.replace(/\(\d+ ms\)/g, '(N ms)');
    expect(withoutTime(failed.failureMessages[0]!)).toContain(withoutTime(expected).split('\n').slice(1).join('\n'));
    expect(failed.failureMessages[0]).toContain('SpecFailure: FAIL');
  }, 150_000);
});

describe('a fuzz failure in describeSpecs({ target })', () => {
  it('prints a replay line that names the target, so pasted it runs against the same server', async () => {
    const server = await rawServer((s) => s.on('data', () => s.end('no\n')));
    try {
      const file = path.join(dir, 'hi.yaml');
      fs.writeFileSync(file, 'name: hi\nsteps:\n  - send: "hi\\n"\n  - expect: "hi\\n"\n');
      // describeSpecs passes its target to fuzzSpecFile as here, and fails the test with this report.
      const report = humanReport(await fuzzSpecFile(file, { target: server.address, pool, seed: 1, runs: 3 }));
      expect(report).toContain(`replay: npx tcpspec run ${file} --target 127.0.0.1:${server.port}`);
    } finally {
      await server.close();
    }
  });
});
