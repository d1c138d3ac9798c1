/**
 * The one shape every report has (human, JUnit, JSON, TAP, HTML): told when
 * a command starts, given each spec's result as soon as that spec finished,
 * and told when the command ends. A reporter that writes a file may collect
 * results and write at the end, or stream them as they come (TAP).
 */
import type { FuzzResult } from '../fuzz/fuzz-spec';
import type { Conversation } from '../peer/client';
import type { SpecResult } from '../run/run-spec';
import type { Verdict } from '../verdict';
import type { CaseReport } from './case-report';
import type { Summary } from './human';

export type Command = 'run' | 'fuzz' | 'matrix';

/** What the command is, given to `onStart`. */
export interface RunInfo {
  readonly command: Command;
  readonly version: string;
  readonly startedAt: Date;
  /** The matrix file, for `matrix`. */
  readonly matrixFile?: string;
  /** `--shard I/N`, when given. */
  readonly shard?: { readonly index: number; readonly count: number };
}

/** How one cell of an implementation matrix went, against what the matrix file expects. */
export type CellOutcome = 'pass' | 'fail' | 'expected-fail' | 'unexpected-pass';

/** Where a result sits in an implementation matrix. */
export interface MatrixPlace {
  readonly implementation: string;
  /** The spec's path relative to the matrix's `specs:`, as `expect_fail` names it. */
  readonly spec: string;
  readonly outcome: CellOutcome;
  /** The matrix file's reason, when it expects this cell to fail. */
  readonly reason?: string;
}

/** One finished spec, with everything any report shows of it. */
export interface SpecReport {
  /** The verdict that counts: for a matrix cell, `passed` when the cell went as the file expects. */
  readonly verdict: Verdict;
  /** The result as the runner returned it. */
  readonly source:
    | { readonly command: 'run'; readonly result: SpecResult }
    | { readonly command: 'fuzz'; readonly result: FuzzResult };
  /** The machine shape (file, verdict, failure detail, fuzz case). */
  readonly case: CaseReport;
  /** What crossed the wire: the run's conversations, or the shrunk fuzz case's. */
  readonly conversations: readonly Conversation[];
  /** The spec's step lines by step index. */
  readonly stepLines?: ReadonlyMap<number, number>;
  readonly matrix?: MatrixPlace;
}

/** One row of the matrix table: a spec and its cell per implementation (absent: not run, e.g. interrupted). */
export interface MatrixRow {
  readonly spec: string;
  readonly cells: Readonly<Record<string, CellOutcome | undefined>>;
}

export interface MatrixGrid {
  readonly implementations: readonly string[];
  readonly rows: readonly MatrixRow[];
}

/** How the command ended, given to `onEnd`. */
export interface RunEnd {
  readonly summary: Summary;
  readonly durationMs: number;
  /** What the command exits with. */
  readonly exitStatus: 0 | 1 | 2 | 130;
  /** The signal that stopped the command early (`SIGINT`, `SIGTERM`). */
  readonly interruptedBy?: string;
  /** How far the spec the interrupt stopped got, in words (fuzz: how many cases had run). */
  readonly progress?: string;
  /** Specs that never finished because of the interrupt. */
  readonly notFinished: readonly string[];
  /** Problems found before the end (a transcript not written), printed before the summary. */
  readonly problems: readonly string[];
  /** The table, for `matrix`. */
  readonly matrix?: MatrixGrid;
}

export interface Reporter {
  onStart(run: RunInfo): void;
  /** Called once per spec (per matrix cell), in the order they finished. */
  onResult(spec: SpecReport): void;
  /** Called once at the end, interrupted or not; returns a message per file that could not be written. */
  onEnd(end: RunEnd): string[];
}

/** What a reporter is made with. */
export interface ReporterContext {
  /** Where the human report goes. */
  readonly out: NodeJS.WriteStream;
  readonly err: NodeJS.WriteStream;
  /** The `--output FILE` of a file reporter. */
  readonly file?: string;
}

/** A report format: one module each, listed once in `registry.ts`. */
export interface ReporterModule {
  readonly name: string;
  /** True when the reporter writes `--output FILE` (false: the human report on stdout). */
  readonly writesFile: boolean;
  create(context: ReporterContext): Reporter;
}
