/** `--reporter html` for run and fuzz: one file, with the failing step and, for fuzzing, the shrunk case and its replay. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, lastLine } from './cli-io';
import { rawServer } from './raw-server';
import type { RawServer } from './raw-server';

let dir: string;
let server: RawServer | undefined;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-html-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('tcpspec fuzz --reporter html', () => {
  it('shows the shrunk case in words and the command that replays it', async () => {
    // Treats each read as one line: caught only when a send is split.
    server = await rawServer((s) => s.on('data', (d) => s.write(`OK ${d.toString().trim()}\n`)));
    const file = path.join(dir, 'lines.yaml');
    fs.writeFileSync(
      file,
      'name: lines\nsteps:\n  - send: "HELLO WORLD\\n"\n  - expect: "OK HELLO WORLD\\n"\n  - close\n',
    );
    const out = path.join(dir, 'fuzz.html');
    const target = `127.0.0.1:${server.port}`;
    const r = await cli([
      'fuzz',
      file,
      '--target',
      target,
      '--seed',
      '1',
      '--runs',
      '30',
      '--reporter',
      'html',
      '--output',
      out,
    ]);
    expect(lastLine(r.out)).toBe('0 passed, 1 failed');
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toMatch(/Smallest failing case: send #1 \(step 1\) split after byte \d+/);
    expect(html).toContain(`npx tcpspec fuzz ${file} --seed 1 --path `);
    expect(html).toContain(`--target ${target}`);
    expect(html).toContain('The failing step: step 2 (expect), line 4');
    // Self-contained: the style and script are inline, nothing is fetched.
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<(link|script)[^>]+(href|src)=/);
  });
});
