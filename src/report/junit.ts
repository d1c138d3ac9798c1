/**
 * report cases → JUnit XML, the format CI systems (GitHub Actions report
 * actions, GitLab, Jenkins, Azure) read: one <testcase> per spec, grouped in
 * one <testsuite> per folder, `classname` from the folder, times in seconds.
 * A failure carries the whole message (step, expected and received bytes),
 * for fuzzing the shrunk case in words and its replay command, and the
 * conversation in <system-out>.
 */
import * as path from 'node:path';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { notRunLine } from './not-run';
import { reportedCase } from './case-report';
import { clientAfterFailure } from './client-report';
import type { CaseReport } from './case-report';
import { fileReporter } from './file-reporter';
import type { ReporterModule } from './reporter';

export interface JUnitOptions {
  /** `run` or `fuzz`: names the top-level <testsuites>. */
  readonly command: string;
  /** When the run started (the `timestamp` attributes). */
  readonly startedAt: Date;
}

/** Longest `message` attribute; the element's text has the whole message. */
const MESSAGE_ATTRIBUTE_LIMIT = 500;
/** Longest <system-out>, so a flood leaves a readable report. */
const SYSTEM_OUT_LIMIT = 256 * 1024;

/** `specs/redis/ping.yaml` → `specs.redis`: the folder, dotted the way JUnit packages are. */
export function classnameOf(file: string): string {
  const parts = path
    .dirname(file)
    .split(/[\\/]+/)
    .filter((p) => p !== '' && p !== '.' && p !== '..');
  return parts.length > 0 ? parts.join('.') : 'tcpspec';
}

/** A character XML 1.0 forbids (a control byte, a lone surrogate), written as its escape. */
function escapeInvalidChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function counts(cases: readonly CaseReport[]): Record<string, string> {
  return {
    tests: String(cases.length),
    failures: String(cases.filter((c) => c.status === 'failed').length),
    errors: String(cases.filter((c) => c.status === 'error').length),
    skipped: '0',
    time: seconds(cases.reduce((t, c) => t + c.durationMs, 0)),
  };
}

/** The failure text: the message, then what the message cannot hold (steps not run, the fuzz case, the transcript files). */
export function failureText(c: CaseReport): string {
  const lines = [c.failure?.message ?? 'failed'];
  if (c.notRun.length > 0) lines.push(notRunLine(c.notRun, { withFile: true }));
  const client = clientAfterFailure(c);
  if (client !== undefined) lines.push(client);
  const fc = c.fuzz?.failingCase;
  if (fc) {
    if (fc.path === '') lines.push('the plain exchange fails, before any reshaping');
    else
      lines.push(
        `${fc.flaky ? 'FLAKY (failed once, then passed when replayed); ' : ''}smallest failing case: ${fc.words}`,
      );
    lines.push(`seed: ${c.fuzz.seed}${fc.path !== '' ? `, path: "${fc.path}"` : ''}`);
    lines.push(`replay: ${fc.replay}`);
  }
  for (const t of c.transcripts) lines.push(`transcript: ${t}`);
  return lines.join('\n');
}

function addCase(suite: XMLBuilder, c: CaseReport): void {
  const attrs: Record<string, string> = {
    name: c.name,
    classname: classnameOf(c.file),
    file: c.file,
    time: seconds(c.durationMs),
  };
  if (c.failure?.step) attrs.line = String(c.failure.step.line);
  const tc = suite.ele('testcase', attrs);
  if (c.status !== 'passed') {
    const firstLine = (c.failure?.message ?? c.status).split('\n')[0]!;
    tc.ele(c.status === 'error' ? 'error' : 'failure', {
      message:
        firstLine.length > MESSAGE_ATTRIBUTE_LIMIT ? `${firstLine.slice(0, MESSAGE_ATTRIBUTE_LIMIT)}…` : firstLine,
      type: c.failure?.code ?? c.status,
    }).txt(failureText(c));
  }
  if (c.transcript !== undefined && c.status !== 'passed') {
    const t =
      c.transcript.length > SYSTEM_OUT_LIMIT
        ? `${c.transcript.slice(0, SYSTEM_OUT_LIMIT)}\n… transcript cut at ${SYSTEM_OUT_LIMIT} characters`
        : c.transcript;
    tc.ele('system-out').txt(t);
  }
}

/** The JUnit XML document for `cases`, as UTF-8 text. Never contains a character XML 1.0 forbids. */
export function renderJUnit(cases: readonly CaseReport[], options: JUnitOptions): string {
  // Received bytes reach us escaped already (`\x00`); this guards any other
  // text (a spec name, a transcript note) the same way instead of breaking the file.
  const doc = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: escapeInvalidChar });
  const timestamp = options.startedAt.toISOString().replace(/\.\d{3}Z$/, '');
  const root = doc.ele('testsuites', { name: `tcpspec ${options.command}`, ...counts(cases), timestamp });
  const byFolder = new Map<string, CaseReport[]>();
  for (const c of cases) {
    const key = classnameOf(c.file);
    byFolder.set(key, [...(byFolder.get(key) ?? []), c]);
  }
  let id = 0;
  for (const [folder, group] of byFolder) {
    const suite = root.ele('testsuite', { name: folder, id: String(id++), ...counts(group), timestamp });
    for (const c of group) addCase(suite, c);
  }
  return `${doc.end({ prettyPrint: true })}\n`;
}

export const junit: ReporterModule = {
  name: 'junit',
  writesFile: true,
  create: ({ file }) =>
    fileReporter(file, 'JUnit', (run, specs) =>
      renderJUnit(specs.map(reportedCase), { command: run.command, startedAt: run.startedAt }),
    ),
};
