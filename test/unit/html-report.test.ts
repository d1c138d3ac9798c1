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
import * as path from 'node:path';
import { promisify } from 'node:util';
import { cli } from './cli-io';
import { writeLineEchoMatrix } from './line-echo-matrix';

const INSPECT = path.join(__dirname, '..', 'browser', 'inspect-page.mjs');

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
  readonly problems: string[];
  readonly requests: string[];
}

async function inspect(file: string): Promise<PageFacts> {
  const args = [INSPECT, file, ...(process.env.TCPSPEC_SCREENSHOT ? [process.env.TCPSPEC_SCREENSHOT] : [])];
  const { stdout } = await promisify(execFile)(process.execPath, args, { timeout: 15_000 });
  return JSON.parse(stdout) as PageFacts;
}

let dir: string;
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

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
