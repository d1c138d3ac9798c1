/** `tcpspec matrix`: one collection against several implementations, judged against the file's expected failures. */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { cli, lastLine } from './cli-io';
import { MATRIX, writeLineEchoMatrix } from './line-echo-matrix';

let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('tcpspec matrix', () => {
  it('prints the spec × implementation table, counts cells as expected as passed, and exits 1 when a cell differs', async () => {
    dir = writeLineEchoMatrix();
    const json = path.join(dir, 'matrix.json');
    const r = await cli(['matrix', path.join(dir, 'line-echo.matrix.yaml'), '--reporter', 'json', '--output', json]);
    const table = r.out.slice(r.out.indexOf('\nspec '));
    expect(table).toMatch(/^spec +line-echo +first-line-only +read-is-line$/m);
    expect(table).toMatch(/^one-line\.yaml +pass +pass +UNEXPECTEDLY PASSING$/m);
    expect(table).toMatch(/^pipelined\.yaml +pass +expected fail +FAIL$/m);
    expect(r.out).toMatch(/^read-is-line: FAIL .*pipelined\.yaml/m);
    expect(r.out).toContain('expected "a\\n", received "a\\r\\nb\\n" (first difference at byte 1)');
    expect(lastLine(r.out)).toBe('4 passed, 2 failed');
    expect(r.status).toBe(1);

    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as {
      command: string;
      matrix: { implementations: string[]; rows: { spec: string; cells: Record<string, string> }[] };
      specs: { name: string; status: string; expectedFailure?: string }[];
    };
    expect(report.command).toBe('matrix');
    expect(report.matrix.rows).toEqual([
      {
        spec: 'one-line.yaml',
        cells: { 'line-echo': 'pass', 'first-line-only': 'pass', 'read-is-line': 'unexpected-pass' },
      },
      {
        spec: 'pipelined.yaml',
        cells: { 'line-echo': 'pass', 'first-line-only': 'expected-fail', 'read-is-line': 'fail' },
      },
    ]);
    expect(report.specs.find((s) => s.name.startsWith('first-line-only: echoes two'))).toMatchObject({
      status: 'passed',
      expectedFailure: 'answers only the first line of a read',
    });
  });

  it('exits 0 when every cell goes as the file expects', async () => {
    dir = writeLineEchoMatrix(
      MATRIX.replace(
        'expect_fail: { one-line.yaml: "said to fail, but one line per read is what it handles" }',
        'expect_fail: { pipelined.yaml: "answers two lines of one read as one" }',
      ),
    );
    const r = await cli(['matrix', path.join(dir, 'line-echo.matrix.yaml')]);
    expect(lastLine(r.out)).toBe('6 passed, 0 failed');
    expect(r.status).toBe(0);
  });

  it('exits 2 at FILE:LINE:COLUMN for an expect_fail key that names no spec, before starting anything', async () => {
    dir = writeLineEchoMatrix(MATRIX.replace('{ pipelined.yaml:', '{ pipelinde.yaml:'));
    const file = path.join(dir, 'line-echo.matrix.yaml');
    const r = await cli(['matrix', file]);
    expect(r.err).toContain(
      `${file}:7:20: implementation first-line-only: expect_fail names "pipelinde.yaml", which is no spec of specs (did you mean "pipelined.yaml"?)`,
    );
    expect(r.status).toBe(2);
    expect(r.out).toBe('');
  });

  it('exits 2 at FILE:LINE:COLUMN for an unknown key and for an unknown target', async () => {
    dir = writeLineEchoMatrix(
      MATRIX.replace('  line-echo: { target: line-echo }', '  line-echo: { target: line-echo, expect_fails: {} }'),
    );
    const file = path.join(dir, 'line-echo.matrix.yaml');
    const unknownKey = await cli(['matrix', file]);
    expect(unknownKey.err).toContain(
      `${file}:4:35: unknown key "expect_fails" in implementation line-echo (did you mean "expect_fail"?)`,
    );
    expect(unknownKey.status).toBe(2);

    fs.writeFileSync(file, MATRIX.replace('{ target: line-echo }', '{ target: no-such-server }'));
    const unknownTarget = await cli(['matrix', file]);
    expect(unknownTarget.err).toContain(`${file}:4:3: implementation line-echo: unknown target "no-such-server"`);
    expect(unknownTarget.status).toBe(2);
  });

  it('runs an implementation at unix:PATH, a path relative to the matrix file', async () => {
    dir = writeLineEchoMatrix(
      'specs: specs\nimplementations:\n  mine: { target: "unix:echo.sock", expect_fail: { pipelined.yaml: "mine too" } }\n',
    );
    const server = net.createServer((s) => {
      let pending = '';
      s.on('data', (d) => {
        pending += d.toString();
        for (let i = pending.indexOf('\n'); i >= 0; i = pending.indexOf('\n')) {
          s.write(`${pending.slice(0, i).replace(/\r$/, '')}\n`);
          pending = pending.slice(i + 1);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(path.join(dir, 'echo.sock'), resolve));
    try {
      const r = await cli(['matrix', path.join(dir, 'line-echo.matrix.yaml')]);
      expect(r.out).toMatch(/^one-line\.yaml +pass$/m);
      expect(r.out).toMatch(/^pipelined\.yaml +UNEXPECTEDLY PASSING$/m);
      expect(lastLine(r.out)).toBe('1 passed, 1 failed');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('prints the replay of a fuzzed cell at unix:PATH with the socket as its --target', async () => {
    dir = writeLineEchoMatrix('specs: specs\nimplementations:\n  mine: { target: "unix:echo.sock" }\n');
    // Takes each read for one line: a split send shows it.
    const server = net.createServer((s) => s.on('data', (d) => s.write(`${d.toString().trim()}\n`)));
    await new Promise<void>((resolve) => server.listen(path.join(dir, 'echo.sock'), resolve));
    try {
      const r = await cli(['matrix', path.join(dir, 'line-echo.matrix.yaml'), '--fuzz', '--runs', '20']);
      expect(r.out).toContain(`--path`);
      expect(r.out).toMatch(
        new RegExp(
          `replay: +npx tcpspec fuzz \\S+one-line\\.yaml --seed -?\\d+ --path [\\d:]+ --target unix:${dir}/echo\\.sock$`,
          'm',
        ),
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('exits 2 at FILE:LINE:COLUMN for a unix: target that names no socket', async () => {
    dir = writeLineEchoMatrix('specs: specs\nimplementations:\n  mine: { target: "unix:" }\n');
    const file = path.join(dir, 'line-echo.matrix.yaml');
    const r = await cli(['matrix', file]);
    expect(r.err).toContain(`${file}:3:19: implementation mine: target: unix: needs the path of a socket after it`);
    expect(r.status).toBe(2);
  });

  it('exits 2 at FILE:1:1 naming the matrix file when it cannot be read', async () => {
    dir = writeLineEchoMatrix();
    const file = path.join(dir, 'no-such.matrix.yaml');
    const r = await cli(['matrix', file]);
    expect(r.err).toContain(`${file}:1:1: cannot read the matrix file: ENOENT`);
    expect(r.status).toBe(2);
  });

  it('runs only its shard of the spec files, against every implementation', async () => {
    dir = writeLineEchoMatrix();
    const file = path.join(dir, 'line-echo.matrix.yaml');
    const second = await cli(['matrix', file, '--shard', '2/2']);
    expect(second.out).toMatch(/^pipelined\.yaml +pass +expected fail +FAIL$/m);
    expect(second.out).not.toMatch(/^one-line\.yaml/m);
    expect(lastLine(second.out)).toBe('2 passed, 1 failed');
  });
});

describe('matrix files beside specs', () => {
  it('are never taken for specs when a folder is searched', async () => {
    dir = writeLineEchoMatrix();
    fs.copyFileSync(path.join(dir, 'line-echo.matrix.yaml'), path.join(dir, 'specs', 'beside.matrix.yaml'));
    const r = await cli(['validate', path.join(dir, 'specs')]);
    expect(r.out).not.toContain('matrix.yaml');
    expect(lastLine(r.out)).toBe('2 passed, 0 failed');
    expect(r.status).toBe(0);
  });
});
