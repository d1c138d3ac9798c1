/**
 * The TAP report (Test Anything Protocol, version 14): one test point per
 * spec (per matrix cell), written to `--output FILE` as each spec finishes,
 * so a TAP consumer can follow a long run. A failure carries a YAML
 * diagnostic block (message, code, step, expected and received bytes, and
 * for fuzzing the shrunk case and its replay command); a matrix cell that
 * fails as the matrix file expects is `not ok … # TODO` with the reason; an
 * interrupt ends the stream with `Bail out!`. The plan comes last.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { formatStepRef } from '../messages/where';
import { reportedCase } from '../case-report';
import type { CaseReport } from '../case-report';
import { summaryLine } from '../human';
import type { Reporter, ReporterModule, SpecReport } from '../reporter';

/** `#` starts a directive and `\` escapes, so both are escaped in a description. */
function description(text: string): string {
  return text.replace(/[\\#]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
}

function diagnostics(c: CaseReport): Record<string, unknown> {
  const f = c.failure;
  const d: Record<string, unknown> = { verdict: c.status, file: c.file, duration_ms: c.durationMs };
  if (c.implementation !== undefined) d.implementation = c.implementation;
  if (f) {
    d.code = f.code;
    d.message = f.message;
    if (f.step) d.step = formatStepRef(f.step);
    if (f.expected !== undefined) d.expected = f.expected;
    if (f.received) d.received = { size: f.received.size, text: f.received.text, hex: f.received.hex };
  }
  if (c.notRun.length > 0) d.not_run = c.notRun.map((s) => formatStepRef(s));
  if (c.client) {
    d.client = {
      command: c.client.command,
      ended: c.client.ended,
      exit_code: c.client.exitCode,
      ...(c.client.signal !== null ? { signal: c.client.signal } : {}),
      stdout: c.client.stdout.tail,
      stderr: c.client.stderr.tail,
    };
  }
  const fc = c.fuzz?.failingCase;
  if (c.fuzz && fc) {
    d.fuzz = {
      seed: c.fuzz.seed,
      runs: c.fuzz.runs,
      case: fc.path === '' ? 'the plain exchange, before any reshaping' : fc.words,
      ...(fc.path !== '' ? { path: fc.path } : {}),
      flaky: fc.flaky,
      replay: fc.replay,
    };
  }
  if (c.transcripts.length > 0) d.transcripts = c.transcripts;
  return d;
}

/** The lines of one test point, numbered `n`. */
export function tapPoint(r: SpecReport, n: number): string {
  const c = reportedCase(r);
  const raw = r.case;
  const what = description(
    `${r.matrix ? `${r.matrix.implementation}: ` : ''}${raw.file}${raw.name !== raw.file ? `  ${raw.name}` : ''}`,
  );
  if (r.matrix?.outcome === 'expected-fail')
    return `not ok ${n} - ${what} # TODO expected fail: ${description(r.matrix.reason ?? '')}\n`;
  if (c.status === 'passed') return `ok ${n} - ${what}\n`;
  const yaml = stringify(diagnostics(c), { lineWidth: 0 })
    .trimEnd()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
  return `not ok ${n} - ${what}\n  ---\n${yaml}\n  ...\n`;
}

export function tapReporter(file: string): Reporter {
  let fd: number | undefined;
  let problem: string | undefined;
  let count = 0;
  const write = (text: string): void => {
    if (fd === undefined) return;
    try {
      fs.writeSync(fd, text);
    } catch (err) {
      problem ??= `cannot write the TAP report to ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
    }
  };
  return {
    onStart() {
      try {
        fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
        fd = fs.openSync(file, 'w');
      } catch (err) {
        problem = `cannot write the TAP report to ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
      }
      write('TAP version 14\n');
    },
    onResult(r) {
      count += 1;
      write(tapPoint(r, count));
    },
    onEnd(end) {
      write(`1..${count}\n# ${summaryLine(end.summary)}\n`);
      if (end.interruptedBy) write(`Bail out! interrupted by ${end.interruptedBy}\n`);
      if (fd !== undefined) fs.closeSync(fd);
      fd = undefined;
      return problem ? [problem] : [];
    },
  };
}

export const tap: ReporterModule = {
  name: 'tap',
  writesFile: true,
  create: ({ file }) => {
    if (file === undefined) throw new Error('the TAP reporter needs --output FILE');
    return tapReporter(file);
  },
};
