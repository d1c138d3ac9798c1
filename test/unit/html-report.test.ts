/**
 * The HTML report in a real browser (Debian's chromium, headless, through
 * puppeteer-core in test/browser/inspect-page.mjs): the page a matrix run
 * writes loads with no console error and no request beyond its own file, and
 * shows the grid, the failing step with its expected and received bytes, and
 * the conversation with time offsets. With TCPSPEC_SCREENSHOT=FILE the page
 * is also saved as a PNG (that is how docs/html-report.png is made).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { cli } from './cli-io';
import { rawServer } from './raw-server';
import { writeLineEchoMatrix } from './line-echo-matrix';

const INSPECT = path.join(__dirname, '..', 'browser', 'inspect-page.mjs');

interface FailingMessage {
  readonly note: string | null;
  readonly marked: string[];
  readonly border: string;
}

interface PageFacts {
  readonly url: string;
  readonly title: string;
  readonly grid: string[][];
  readonly summary: string | null;
  readonly openFailures: string[];
  readonly openFailureVisible: boolean | null;
  readonly messages: { side: 'sent' | 'received'; text: string }[];
  readonly passingVisible: boolean | null;
  readonly passingVisibleWithFailuresOnly: boolean | null;
  readonly failing: FailingMessage[];
  readonly markColour: string | null;
  readonly compare: { title: string; hex: string; marked: string[] }[];
  readonly cuts: { text: string; visible: boolean; before: string | null; after: string | null }[];
  readonly problems: string[];
  readonly requests: string[];
}

/** Opens `file`; with `screenshotEnv` set in the environment, saves the page as the PNG it names. */
async function inspect(file: string, screenshotEnv = 'TCPSPEC_SCREENSHOT'): Promise<PageFacts> {
  const shot = process.env[screenshotEnv];
  const args = [INSPECT, file, ...(shot ? [shot] : [])];
  const { stdout } = await promisify(execFile)(process.execPath, args, { timeout: 15_000 });
  return JSON.parse(stdout) as PageFacts;
}

let dir: string;
afterAll(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

describe('the HTML report of a fuzz failure in a headless browser', () => {
  it('marks the received message the step failed on, its first differing byte beside the expected hex, and each cut fuzzing made', async () => {
    // Treats each read as one line: a send cut in two gets two replies. Each reply leaves 50 ms after its read,
    // so both pieces are out before the first reply can fail the expect (which stops a send's later pieces).
    const server = await rawServer((s) =>
      s.on('data', (d) => setTimeout(() => s.writable && s.write(`OK ${d.toString().trim()}\n`), 50)),
    );
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-html-fuzz-'));
    try {
      const spec = path.join(work, 'lines.yaml');
      fs.writeFileSync(
        spec,
        'name: lines\nsteps:\n  - send: "HELLO WORLD\\n"\n  - expect: "OK HELLO WORLD\\n"\n  - close\n',
      );
      const report = path.join(work, 'fuzz.html');
      const r = await cli([
        ...['fuzz', spec, '--target', `127.0.0.1:${server.port}`, '--seed', '1', '--runs', '30'],
        ...['--reporter', 'html', '--output', report],
      ]);
      expect(r.status).toBe(1);
      const cut = /split after byte (\d+)/.exec(r.out);
      expect(cut).not.toBeNull();
      const at = Number(cut![1]);

      const page = await inspect(report, 'TCPSPEC_FUZZ_SCREENSHOT');
      expect(page.problems).toEqual([]);
      // One cut, between the two pieces tcpspec sent of the one send.
      expect(page.cuts).toHaveLength(1);
      expect(page.cuts[0]).toMatchObject({ visible: true, before: 'msg sent', after: 'msg sent' });
      expect(page.cuts[0]!.text).toContain('split here by fuzzing');
      // The reply to the first piece is where the step failed: "OK " and the piece, then a newline
      // where the expected bytes go on; that newline is the marked byte.
      expect(page.failing).toHaveLength(1);
      expect(page.failing[0]!.note).toContain(`first difference from the expected bytes: byte ${at + 3}`);
      expect(page.failing[0]!.marked).toEqual(['\\n', '0a', '.']);
      expect(page.failing[0]!.border).not.toBe(page.markColour);
      // Expected and received side by side, the differing byte marked in each.
      expect(page.compare.map((c) => c.title)).toEqual([
        expect.stringMatching(/^expected \(15 bytes/),
        expect.stringMatching(/^received \(/),
      ]);
      expect(page.compare[0]!.hex).toContain('4f 4b 20 48 45 4c 4c 4f 20 57 4f 52 4c 44 0a');
      const expectedByte = Buffer.from('OK HELLO WORLD\n')
        .subarray(at + 3, at + 4)
        .toString('hex');
      expect(page.compare[0]!.marked).toEqual([expectedByte, expect.any(String)]);
      expect(page.compare[1]!.marked).toEqual(['0a', '.']);
    } finally {
      await server.close();
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the HTML report in a headless browser', () => {
  it('loads from its file alone with no console error, and shows the grid, the failing step and the conversation', async () => {
    dir = writeLineEchoMatrix();
    const matrix = path.join(dir, 'line-echo.matrix.yaml');
    const report = path.join(dir, 'report', 'matrix.html');
    const r = await cli(['matrix', matrix, '--reporter', 'html', '--output', report]);
    expect(r.status).toBe(1);

    const page = await inspect(report);
    expect(page.problems).toEqual([]);
    expect(page.requests).toEqual([page.url]);
    expect(page.title).toBe(`tcpspec matrix ${matrix}`);
    expect(page.summary).toBe('4 passed, 2 failed');
    expect(page.grid).toEqual([
      ['spec', 'line-echo', 'first-line-only', 'read-is-line'],
      ['one-line.yaml', 'pass', 'pass', 'UNEXPECTEDLY PASSING'],
      ['pipelined.yaml', 'pass', 'expected fail', 'FAIL'],
    ]);

    // The failing cell's section is open and shows the step, what was expected and what came instead.
    expect(page.openFailureVisible).toBe(true);
    const failure = page.openFailures.find((f) => f.includes('first difference at byte 1'));
    expect(failure).toContain('The failing step: step 2 (expect), line 6');
    expect(failure).toMatch(/expected\s+"a\\n"/);
    expect(failure).toMatch(/received\s+"a\\r\\nb\\n" \(5 bytes\)/);
    expect(failure).toContain('61 0d 0a 62 0a');

    // The conversation: what tcpspec sent, then the reply, each with its time offset, as text and hex.
    const sent = page.messages.find((m) => m.text.includes('"a\\r\\nb\\r\\n"'));
    expect(sent?.side).toBe('sent');
    expect(sent?.text).toMatch(/\+\d+\.\d{3} ms[\s\S]*61 0d 0a 62 0d 0a/);
    expect(page.messages.some((m) => m.side === 'received' && m.text.includes('"a\\r\\nb\\n"'))).toBe(true);

    // "failures only" hides the passing specs.
    expect(page.passingVisible).toBe(true);
    expect(page.passingVisibleWithFailuresOnly).toBe(false);
  }, 20_000);
});
