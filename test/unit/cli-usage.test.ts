/**
 * Usage errors as a user meets them: a mistake on the command line runs
 * nothing, exits 2 and says why on stderr, with no `N passed, N failed` line
 * (nothing passed or failed); `--help` shows examples and the exit statuses.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from './cli-io';
import { rawServer } from './raw-server';
import type { RawServer } from './raw-server';

const RESULT_LINE = /\d+ passed, \d+ failed/;

let dir: string;
let server: RawServer | undefined;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-usage-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const echo = (): string => write('echo.yaml', 'name: echo\ntarget: echo\nsteps:\n  - send: "hi"\n  - expect: "hi"\n');

describe('a usage error', () => {
  it.each([
    ['no command', [], /Usage: tcpspec/],
    ['an unknown command', ['runn'], /unknown command 'runn'/],
    ['--runs 0', ['fuzz', '{spec}', '--runs', '0'], /--runs expects a whole number of at least 1, found "0"/],
    ['--reporter html without --output', ['run', '{spec}', '--reporter', 'html'], /--reporter html needs 1 --output/],
    ['a --seed that is not a number', ['fuzz', '{spec}', '--seed', 'abc'], /--seed expects a whole number/],
    ['a --seed beyond 32 bits', ['fuzz', '{spec}', '--seed', '99999999999'], /--seed expects a whole number from/],
    [
      'a --path that is no path',
      ['fuzz', '{spec}', '--seed', '1', '--path', 'garbage'],
      /--path expects the path a failure printed .* found "garbage"/,
    ],
    ['an empty --path', ['fuzz', '{spec}', '--seed', '1', '--path', ''], /--path expects the path .* found ""/],
    [
      'a --delivery of neither kind',
      ['fuzz', '{spec}', '--delivery', 'slow'],
      /--delivery expects auto or timed, found "slow"/,
    ],
    [
      '--delivery with --fields',
      ['fuzz', '{spec}', '--fields', '--delivery', 'timed'],
      /--delivery shapes chunking cases/,
    ],
  ])('%s exits 2, says why on stderr, and prints no result line', async (_, argv, why) => {
    const spec = echo();
    const r = await cli(argv.map((a) => (a === '{spec}' ? spec : a)));
    expect(r.status).toBe(2);
    expect(r.err).toMatch(why);
    expect(r.out).not.toMatch(RESULT_LINE);
    expect(r.err).not.toMatch(/^\s+at /m);
  });

  it('is a --path the spec has no case for, named with the spec and seed', async () => {
    const spec = echo();
    const r = await cli(['fuzz', spec, '--seed', '1', '--path', '99999:77:3']);
    expect(r.status).toBe(2);
    expect(r.err).toContain(`tcpspec: --path 99999:77:3 is no case of ${spec} with seed 1`);
    expect(r.out).not.toMatch(RESULT_LINE);
  });
});

describe('tcpspec --help', () => {
  it('shows examples to paste and what each exit status means, and no empty defaults', async () => {
    for (const argv of [['--help'], ['run', '--help'], ['fuzz', '--help']]) {
      const r = await cli(argv);
      expect(r.status).toBe(0);
      expect(r.out).toMatch(/^Examples:\n {2}tcpspec /m);
      expect(r.out).toMatch(/^Exit status:\n {2}0 +every spec passed\n {2}1 +a spec failed\n {2}2 +unusable input/m);
      expect(r.out).toMatch(/^ {2}130 +interrupted/m);
      expect(r.out).not.toContain('(default: [])');
    }
  });
});

describe('tcpspec run on a role: server spec', () => {
  it('announces where it listens on stderr, so stdout holds only the results', async () => {
    const file = write('mock.yaml', 'name: mock\nrole: server\ntimeout: 300ms\nsteps:\n  - expect: "hi"\n');
    const r = await cli(['run', file]);
    expect(r.err).toMatch(/^listening on 127\.0\.0\.1:\d+$/m);
    expect(r.out).not.toContain('listening on');
    expect(r.out.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^FAIL /),
      expect.any(String),
      '0 passed, 1 failed',
    ]);
  });
});

describe('a replay line', () => {
  it('carries --target when the plain exchange already fails', async () => {
    server = await rawServer((s) => s.on('data', () => s.end('no\n')));
    const file = write('hi.yaml', 'name: hi\nsteps:\n  - send: "hi\\n"\n  - expect: "hi\\n"\n');
    const target = `127.0.0.1:${server.port}`;
    const r = await cli(['fuzz', file, '--target', target, '--seed', '1', '--runs', '5']);
    expect(r.status).toBe(1);
    expect(r.out).toContain(`replay: npx tcpspec run ${file} --target ${target}`);
  });
});
