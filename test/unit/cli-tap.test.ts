/** `--reporter tap`: TAP version 14, one test point per spec, a YAML diagnostic for each failure, the plan last. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { cli, lastLine } from './cli-io';
import { rawServer } from './raw-server';
import type { RawServer } from './raw-server';

let dir: string;
let server: RawServer | undefined;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-tap-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

function spec(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('tcpspec run --reporter tap', () => {
  it('writes an ok line for a pass and a not ok line with the step, expected and received bytes for a failure', async () => {
    server = await rawServer((s) =>
      s.on('data', (d) => s.write(d.toString() === 'PING\r\n' ? '+PONG\r\n' : '-ERR\r\n')),
    );
    const ok = spec('ping.yaml', 'name: answers PING\nsteps:\n  - send: "PING\\r\\n"\n  - expect: "+PONG\\r\\n"\n');
    const bad = spec('nope.yaml', 'name: "answers # NOPE"\nsteps:\n  - send: "NOPE\\r\\n"\n  - expect: "+OK\\r\\n"\n');
    const out = path.join(dir, 'out', 'report.tap');
    const r = await cli(['run', ok, bad, '--target', `127.0.0.1:${server.port}`, '--reporter', 'tap', '--output', out]);
    expect(r.status).toBe(1);
    expect(lastLine(r.out)).toBe('1 passed, 1 failed');

    const tap = fs.readFileSync(out, 'utf8');
    const lines = tap.split('\n');
    expect(lines[0]).toBe('TAP version 14');
    expect(lines[1]).toBe(`ok 1 - ${ok}  answers PING`);
    // `#` would start a directive: it is escaped in the description.
    expect(lines[2]).toBe(`not ok 2 - ${bad}  answers \\# NOPE`);
    expect(tap.trimEnd().split('\n').slice(-2)).toEqual(['1..2', '# 1 passed, 1 failed']);

    const block = /\n {2}---\n([\s\S]*?)\n {2}\.\.\.\n/.exec(tap)![1]!;
    const diagnostic = parse(block.replace(/^ {2}/gm, '')) as Record<string, unknown>;
    expect(diagnostic).toMatchObject({
      verdict: 'failed',
      code: 'TCPSPEC_STEP_MISMATCH',
      step: `${bad}:4 step 2 (expect)`,
      expected: '"+OK\\r\\n"',
      received: { size: 6, text: '"-ERR\\r\\n"', hex: '2d 45 52 52 0d 0a' },
    });
  });
});
