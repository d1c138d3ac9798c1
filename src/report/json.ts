/**
 * report cases → the JSON report: a stable, documented shape (docs/reporters.md)
 * for scripts and dashboards. `format` changes only when a field is removed or
 * changes meaning; new fields may appear at any time.
 */
import { reportedCase } from './case-report';
import type { CaseReport } from './case-report';
import { fileReporter } from './file-reporter';
import type { Command, MatrixGrid, ReporterModule } from './reporter';
import type { Summary } from './human';
import { exitStatus } from './human';

export const JSON_REPORT_FORMAT = 1;

export interface JsonReportOptions {
  readonly command: Command;
  readonly version: string;
  readonly startedAt: Date;
  readonly durationMs: number;
  /** The process's exit status when something beside the verdicts (a transcript not written, an interrupt) decides it. */
  readonly exitStatus?: 0 | 1 | 2 | 130;
  /** The matrix table, for `matrix`. */
  readonly matrix?: MatrixGrid;
}

export interface JsonReport {
  readonly tool: 'tcpspec';
  readonly version: string;
  readonly format: typeof JSON_REPORT_FORMAT;
  readonly command: Command;
  /** ISO 8601, UTC. */
  readonly startedAt: string;
  readonly durationMs: number;
  readonly summary: Summary;
  /** What the command exits with: 0 all passed, 1 a spec failed, 2 unusable input, 130 interrupted. */
  readonly exitStatus: 0 | 1 | 2 | 130;
  /** `matrix` only: one row per spec, one cell per implementation. */
  readonly matrix?: MatrixGrid;
  readonly specs: readonly JsonSpec[];
}

export type JsonSpec = Omit<CaseReport, 'transcript'>;

/** The JSON report object; `JSON.stringify` it to write it. */
export function jsonReport(cases: readonly CaseReport[], summary: Summary, options: JsonReportOptions): JsonReport {
  return {
    tool: 'tcpspec',
    version: options.version,
    format: JSON_REPORT_FORMAT,
    command: options.command,
    startedAt: options.startedAt.toISOString(),
    durationMs: options.durationMs,
    summary,
    exitStatus: options.exitStatus ?? exitStatus(summary),
    ...(options.matrix ? { matrix: options.matrix } : {}),
    // The transcript text lives in the transcript files; the report names them.
    specs: cases.map(({ transcript: _text, ...rest }) => rest),
  };
}

/** The report as text: two-space indented, ending in a newline. */
export function renderJson(cases: readonly CaseReport[], summary: Summary, options: JsonReportOptions): string {
  return `${JSON.stringify(jsonReport(cases, summary, options), null, 2)}\n`;
}

export const json: ReporterModule = {
  name: 'json',
  writesFile: true,
  create: ({ file }) =>
    fileReporter(file, 'JSON', (run, specs, end) =>
      renderJson(specs.map(reportedCase), end.summary, {
        command: run.command,
        version: run.version,
        startedAt: run.startedAt,
        durationMs: end.durationMs,
        exitStatus: end.exitStatus,
        ...(end.matrix ? { matrix: end.matrix } : {}),
      }),
    ),
};
