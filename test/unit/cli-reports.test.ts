import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JsonReport } from '../../src/report/json';
import { transcriptBase } from '../../src/transcript/write-transcript';
import { parseJUnit } from '../support/junit-xml';
import { cli, lastLine } from './cli-io';
import { rawServer } from './raw-server';
import type { RawServer } from './raw-server';

/** Answers PING with +PONG, anything else with an error line holding control bytes. */
const pingServer = () =>
  rawServer((s) => {
    let pending = '';
    s.on('data', (d) => {
      pending += d.toString('latin1');
      for (let i = pending.indexOf('\n'); i >= 0; i = pending.indexOf('\n')) {
        s.write(
          pending.slice(0, i).trim() === 'PING' ? '+PONG\r\n' : Buffer.from('-ERR \x00\x01\x1b\xff\r\n', 'latin1'),
        );
        pending = pending.slice(i + 1);
      }
    });
    s.on('end', () => s.end());
  });

/** Treats each read as one line: caught only when a send is split. */
const readIsLine = () => rawServer((s) => s.on('data', (d) => s.write(`OK ${d.toString().trim()}\n`)));

let dir: string;
let server: RawServer | undefined;
const saved = process.env.NO_COLOR;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-reports-'));
  fs.mkdirSync(path.join(dir, 'specs'));
  delete process.env.NO_COLOR;
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
  if (saved === undefined) delete process.env.NO_COLOR;
  else process.env.NO_COLOR = saved;
});

function spec(name: string, text: string): string {
  const file = path.join(dir, 'specs', name);
  fs.writeFileSync(file, text);
  return file;
}

const passing = () =>
  spec('ping.yaml', 'name: answers PING\nsteps:\n  - send: "PING\\r\\n"\n  - expect: "+PONG\\r\\n"\n  - close\n');
const failing = () =>
  spec(
    'unknown.yaml',
    'name: answers an unknown command\nsteps:\n  - send: "NOPE\\r\\n"\n  - expect: "+OK\\r\\n"\n  - close\n',
  );

describe('tcpspec run with file reporters and transcripts', () => {
  it('writes a JUnit file that parses, a JSON file, and a transcript per spec, and still prints the human report and the summary last', async () => {
    server = await pingServer();
    const [ok, bad] = [passing(), failing()];
    const junit = path.join(dir, 'reports', 'junit.xml');
    const json = path.join(dir, 'reports', 'report.json');
    const transcripts = path.join(dir, 'transcripts');
    const r = await cli([
      'run',
      ok,
      bad,
      '--target',
      `127.0.0.1:${server.port}`,
      '--reporter',
      'junit',
      '--output',
      junit,
      '--reporter',
      'json',
      '--output',
      json,
      '--transcript',
      transcripts,
    ]);

    expect(r.status).toBe(1);
    expect(r.out).toContain(`PASS ${ok}`);
    expect(r.out).toContain(`FAIL ${bad}`);
    expect(lastLine(r.out)).toBe('1 passed, 1 failed');

    const xml = fs.readFileSync(junit, 'utf8');
    const cases = parseJUnit(xml).testsuites.testsuite[0]!.testcase;
    expect(cases.map((c) => c.name)).toEqual(['answers PING', 'answers an unknown command']);
    expect(cases[1]!.failure?.['#text']).toContain('received "-ERR \\x00\\x01\\x1b\\xff\\r\\n"');
    expect(cases[1]!['system-out']).toContain('<<  11 bytes');

    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as JsonReport;
    expect(report).toMatchObject({ command: 'run', exitStatus: 1, summary: { passed: 1, failed: 1 } });
    expect(report.specs[1]!.failure?.received?.hex).toBe('2d 45 52 52 20 00 01 1b ff 0d 0a');

    const failedTranscript = `${transcriptBase(transcripts, bad)}.transcript.txt`;
    expect(report.specs[1]!.transcripts).toEqual([failedTranscript]);
    expect(fs.readFileSync(failedTranscript, 'utf8')).toMatch(/^verdict: +FAIL/m);
    expect(fs.existsSync(`${transcriptBase(transcripts, ok)}.transcript.txt`)).toBe(true);
  });

  it('exits 2 and says so when a report cannot be written, after printing every verdict and the summary', async () => {
    server = await pingServer();
    fs.writeFileSync(path.join(dir, 'a-file'), '');
    const r = await cli([
      'run',
      passing(),
      '--target',
      `127.0.0.1:${server.port}`,
      '--reporter',
      'junit',
      '--output',
      path.join(dir, 'a-file', 'junit.xml'),
    ]);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/cannot write the JUnit report to .*a-file\/junit\.xml: (ENOTDIR|EEXIST)/);
    expect(lastLine(r.out)).toBe('1 passed, 0 failed');
  });

  it('exits 2 when a transcript cannot be written, and the JSON report says 2 as well', async () => {
    server = await pingServer();
    fs.writeFileSync(path.join(dir, 'a-file'), '');
    const json = path.join(dir, 'report.json');
    const r = await cli([
      'run',
      passing(),
      '--target',
      `127.0.0.1:${server.port}`,
      '--transcript',
      path.join(dir, 'a-file'),
      '--reporter',
      'json',
      '--output',
      json,
    ]);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/cannot write the transcript of /);
    expect(JSON.parse(fs.readFileSync(json, 'utf8'))).toMatchObject({ exitStatus: 2, summary: { passed: 1 } });
  });

  it('rejects a junit reporter without an --output, before connecting anywhere', async () => {
    const r = await cli(['run', passing(), '--target', '127.0.0.1:9', '--reporter', 'junit']);
    expect(r.status).toBe(2);
    expect(r.err).toContain('--reporter junit needs 1 --output FILE');
  });

  it('prints no colour codes when stdout is not a terminal, or when NO_COLOR is set', async () => {
    server = await pingServer();
    const piped = await cli(['run', passing(), '--target', `127.0.0.1:${server.port}`]);
    expect(piped.out).not.toContain('\x1b');
    const terminal = await cli(['run', passing(), '--target', `127.0.0.1:${server.port}`], true);
    expect(terminal.out).toContain('\x1b[32mPASS');
    process.env.NO_COLOR = '1';
    const noColour = await cli(['run', passing(), '--target', `127.0.0.1:${server.port}`], true);
    expect(noColour.out).not.toContain('\x1b');
  });
});

describe('tcpspec fuzz with file reporters and transcripts', () => {
  it("puts the shrunk case in words and its replay command in the JUnit failure, and writes that case's transcript", async () => {
    server = await readIsLine();
    const file = spec(
      'lines.yaml',
      'name: lines\nsteps:\n  - send: "PING\\n"\n  - expect: "OK PING\\n"\n  - send: "HELLO WORLD\\n"\n  - expect: "OK HELLO WORLD\\n"\n  - close\n',
    );
    const junit = path.join(dir, 'fuzz.xml');
    const transcripts = path.join(dir, 'transcripts');
    const r = await cli([
      'fuzz',
      file,
      '--target',
      `127.0.0.1:${server.port}`,
      '--seed',
      '1',
      '--runs',
      '50',
      '--reporter',
      'junit',
      '--output',
      junit,
      '--transcript',
      transcripts,
    ]);
    expect(r.status).toBe(1);
    expect(lastLine(r.out)).toBe('0 passed, 1 failed');

    const xml = fs.readFileSync(junit, 'utf8');
    const failure = parseJUnit(xml).testsuites.testsuite[0]!.testcase[0]!.failure!['#text'];
    expect(failure).toMatch(/smallest failing case: send #[12] \(step [13]\) split after byte \d+/);
    expect(failure).toMatch(/replay: npx tcpspec fuzz .*lines\.yaml --seed 1 --path \S+ --target 127\.0\.0\.1:\d+/);

    const text = fs.readFileSync(`${transcriptBase(transcripts, file)}.transcript.txt`, 'utf8');
    expect(text).toMatch(/^fuzz case: +send #[12] \(step [13]\) split after byte \d+/m);
    expect(text).toMatch(/^replay: +npx tcpspec fuzz/m);
    // The conversation is the shrunk case's: the split send leaves in a piece shorter than the line.
    expect(text).toMatch(/>> {2}\d+ bytes? +"(?!HELLO WORLD\\n)[A-Z ]*"/);
    expect(text).toMatch(/!! {2}step \d \(expect\) line \d FAILED/);
  });
});
