/** Writes the file reports (JUnit, JSON) a command was asked for, creating their folders. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CaseReport } from './case-report';
import type { Summary } from './human';
import { renderJson } from './json';
import { renderJUnit } from './junit';

export interface ReportFile {
  readonly kind: 'junit' | 'json';
  readonly file: string;
}

export interface ReportRun {
  readonly command: 'run' | 'fuzz';
  readonly version: string;
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly exitStatus?: 0 | 1 | 2;
}

/** Writes every report; returns one message per file that could not be written (empty when all were). */
export function writeReports(
  files: readonly ReportFile[],
  cases: readonly CaseReport[],
  summary: Summary,
  run: ReportRun,
): string[] {
  const problems: string[] = [];
  for (const { kind, file } of files) {
    const text = kind === 'junit' ? renderJUnit(cases, run) : renderJson(cases, summary, run);
    try {
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      fs.writeFileSync(file, text);
    } catch (err) {
      problems.push(
        `cannot write the ${kind === 'junit' ? 'JUnit' : 'JSON'} report to ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
  }
  return problems;
}
