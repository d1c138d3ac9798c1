import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, lastLine } from './cli-io';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-validate-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('tcpspec validate warnings', () => {
  it('warns at FILE:LINE:COL about a step after close, and still exits 0', async () => {
    const file = write(
      'after-close.yaml',
      'name: after close\nsteps:\n  - send: "x\\n"\n  - close\n  - expect: "y\\n"\n',
    );
    const r = await cli(['validate', file]);
    expect(r.out).toContain(
      `${file}:5:5: warning: step 3: comes after "close" at step 2, so it can never run against an open connection`,
    );
    expect(r.status).toBe(0);
    expect(lastLine(r.out)).toBe('1 passed, 0 failed');
  });

  it('warns at FILE:LINE:COL about a regex containing a newline, and still exits 0', async () => {
    const file = write(
      'newline-regex.yaml',
      'name: newline regex\nsteps:\n  - send: "x\\n"\n  - expect: \'/a\\nb/\'\n',
    );
    const r = await cli(['validate', file]);
    expect(r.out).toMatch(
      new RegExp(
        `${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:5: warning: step 2: the regex /a\\\\nb/ contains a newline`,
      ),
    );
    expect(r.status).toBe(0);
  });

  it('refuses at FILE:LINE:COL a variable used before the step that captures it, exit 2', async () => {
    const file = write(
      'late-variable.yaml',
      'name: late variable\nsteps:\n  - send: "GET ${id}\\n"\n  - expect: /ID (?<id>\\d+)/\n  - close\n',
    );
    const r = await cli(['validate', file]);
    expect(r.out + r.err).toContain(`${file}:3:11: step 1: "\${id}" is used before the step that captures it`);
    expect(r.status).toBe(2);
  });

  it('warns at FILE:LINE:COL where a double-quoted string writes \\x80-\\xff, in sends, text matchers and struct text', async () => {
    const file = write(
      'high-escapes.yaml',
      [
        'name: high escapes',
        'steps:',
        '  - send: "ok \\x81\\xff"',
        '  - expect: "caf\\xe9"',
        '  - expect:',
        '      struct:',
        '        - text: "\\xfe"',
        "  - send: '\\xff stays four characters in single quotes'",
        '',
      ].join('\n'),
    );
    const r = await cli(['validate', file]);
    expect(r.out).toContain(
      `${file}:3:15: warning: "\\x81\\xff" in a double-quoted string are the characters U+0081 U+00FF, the UTF-8 bytes c2 81 c3 bf on the wire, not the bytes 81 ff; write raw bytes with { hex: "81 ff" } or a struct field (u8: 0x81)`,
    );
    expect(r.out).toContain(`${file}:4:17: warning: "\\xe9" in a double-quoted string is the character U+00E9`);
    expect(r.out).toContain(`${file}:7:18: warning: "\\xfe" in a double-quoted string is the character U+00FE`);
    expect(r.out.match(/warning/g)).toHaveLength(3);
    expect(r.status).toBe(0);
  });

  it('keeps exit status 2 for a broken spec whatever warnings the others have', async () => {
    const warned = write('warned.yaml', 'name: warned\nsteps:\n  - close\n  - send: "x"\n');
    const broken = write('broken.yaml', 'name: broken\nstepz: []\n');
    const r = await cli(['validate', warned, broken]);
    expect(r.out).toContain(`${warned}:4:5: warning:`);
    expect(r.out).toContain(`${broken}:2:1: unknown key "stepz"`);
    expect(r.status).toBe(2);
    expect(lastLine(r.out)).toBe('1 passed, 1 failed');
  });
});
