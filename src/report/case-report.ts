/**
 * One spec's outcome in the shape machine reports (JUnit, JSON) are written
 * from, whether it came from `run` or `fuzz`: both commands give one case per
 * spec file, so both reporters need only this.
 */
import type { StepRef } from '../errors';
import type { FuzzResult } from '../fuzz/fuzz-spec';
import type { LyingReport } from '../fuzz/lying/run-case';
import type { SpecResult } from '../run/run-spec';
import type { Verdict } from '../verdict';
import { reportClient } from './client-report';
import type { ReportedClient } from './client-report';
import { failureDetail } from './failure-detail';
import type { FailureDetail } from './failure-detail';

/** The verdict of a case: kept as a name for existing imports. */
export type CaseStatus = Verdict;

export interface FuzzCase {
  readonly seed: number;
  /** Lying lengths: every case the run played, with the field, the value sent and what happened. */
  readonly lying?: LyingReport;
  /** Cases run, the plain run included. */
  readonly runs: number;
  /** The smallest failing case, when one failed. */
  readonly failingCase?: {
    /** The chunking in words, e.g. `send #2 (step 3) split after byte 4, 2 ms gap`. */
    readonly words: string;
    /** fast-check's path; empty when the plain exchange failed. */
    readonly path: string;
    /** The command line that replays exactly this case. */
    readonly replay: string;
    /** Failed once, then passed every replay. */
    readonly flaky: boolean;
    /** Some split's pieces could not be confirmed to arrive as separate reads: the case may not be what its words say. */
    readonly unconfirmed: boolean;
  };
}

export interface CaseReport {
  readonly file: string;
  readonly name: string;
  readonly status: CaseStatus;
  readonly durationMs: number;
  readonly role?: 'client' | 'server';
  /** The target (client role) or the bound address (server role). */
  readonly address?: string;
  readonly failure?: FailureDetail;
  /** Steps that never ran because an earlier one failed. */
  readonly notRun: readonly StepRef[];
  /** Server role: how the client under test ended (for fuzz: in the failing run of the smallest case). */
  readonly client?: ReportedClient;
  readonly fuzz?: FuzzCase;
  /** Transcript files written for this spec (with `--transcript`). */
  readonly transcripts: readonly string[];
  /** The conversation as text, for a case that did not pass (JUnit puts it in `<system-out>`). */
  readonly transcript?: string;
  /** Matrix: the implementation this case ran against. */
  readonly implementation?: string;
  /** Matrix: the case failed, as the matrix file expects for this reason; counted as passed. */
  readonly expectedFailure?: string;
}

/** A `run` result as a report case. */
export function caseFromRun(r: SpecResult, transcripts: readonly string[] = [], transcript?: string): CaseReport {
  const conv = r.conversations.find((c) => c.failure !== undefined && c.failure === r.failure);
  return {
    file: r.file,
    name: r.name,
    status: r.status,
    durationMs: r.durationMs,
    ...(r.role ? { role: r.role } : {}),
    ...(r.address ? { address: r.address } : {}),
    ...(r.failure ? { failure: failureDetail(r.failure) } : {}),
    notRun: conv?.notRun ?? [],
    ...(r.client ? { client: reportClient(r.client) } : {}),
    transcripts,
    ...(transcript !== undefined ? { transcript } : {}),
  };
}

/** A `fuzz` result as a report case: the failure is the shrunk case's. */
export function caseFromFuzz(r: FuzzResult, transcripts: readonly string[] = [], transcript?: string): CaseReport {
  const error = r.failure?.error ?? r.error;
  const f = r.failure;
  return {
    file: r.file,
    name: r.name,
    status: r.status,
    durationMs: r.durationMs,
    ...(error ? { failure: failureDetail(error) } : {}),
    notRun: f?.conversations.find((c) => c.failure === f.error)?.notRun ?? [],
    ...(f?.client ? { client: reportClient(f.client) } : {}),
    fuzz: {
      seed: r.seed,
      runs: r.runs,
      ...(r.lying ? { lying: r.lying } : {}),
      ...(f
        ? {
            failingCase: {
              words: f.words,
              path: f.path,
              replay: f.replay,
              flaky: f.flaky,
              unconfirmed: f.unconfirmed,
            },
          }
        : {}),
    },
    transcripts,
    ...(transcript !== undefined ? { transcript } : {}),
  };
}

/**
 * What `reportedCase` reads of a reporter's `SpecReport` (reporter.ts), named
 * here so this module need not import the one that imports it.
 */
export interface ReportedSpec {
  readonly case: CaseReport;
  readonly matrix?: {
    readonly implementation: string;
    readonly outcome: 'pass' | 'fail' | 'expected-fail' | 'unexpected-pass';
    readonly reason?: string;
  };
}

/**
 * The case a machine report writes for `r`: as the runner gave it, or for a
 * matrix cell named after its implementation and counted the way the matrix
 * file expects (an expected failure passes, an unexpected pass fails).
 */
export function reportedCase(r: ReportedSpec): CaseReport {
  const m = r.matrix;
  if (!m) return r.case;
  const named = { ...r.case, name: `${m.implementation}: ${r.case.name}`, implementation: m.implementation };
  if (m.outcome === 'expected-fail') return { ...named, status: 'passed', expectedFailure: m.reason ?? '' };
  if (m.outcome !== 'unexpected-pass') return named;
  const message = `${r.case.file}: passed against ${m.implementation}, but the matrix expects it to fail: ${m.reason ?? ''}`;
  return {
    ...named,
    status: 'failed',
    failure: { code: 'TCPSPEC_UNEXPECTED_PASS', type: 'UnexpectedPass', message },
  };
}
