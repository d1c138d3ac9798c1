/** What fuzzing one spec takes and gives: its options, its progress, its result. */
import type { TcpspecError } from '../errors';
import type { Conversation } from '../peer/client';
import type { ClientResult, RunOptions } from '../run/run-spec';
import type { Spec } from '../spec/types';
import type { Verdict } from '../verdict';
import type { DeliveryChoice, DeliveryMode, DeliveryReport } from './delivery/delivery';
import type { ChunkPlan } from './plan';
import type { LyingReport } from './lying/run-case';

export interface FuzzProgress {
  readonly file: string;
  readonly done: number;
  readonly total: number;
  readonly failures: number;
  readonly shrinking: boolean;
}

export interface FuzzOptions extends Omit<RunOptions, 'peer' | 'onListening'> {
  readonly runs?: number;
  readonly seed?: number;
  /** Replays one case: the `path` a failure printed (with its seed). */
  readonly path?: string;
  /** The timed gap between pieces where the other side cannot be observed. */
  readonly minGapMs?: number;
  /** `timed` forces timed gaps even where reads could be confirmed (default `auto`). */
  readonly delivery?: DeliveryChoice;
  /** The bound on waiting for one piece to be read (default CONFIRM_CAP_MS). */
  readonly confirmCapMs?: number;
  /** Cases at once (default: the spec's fuzz.parallel, else 1); shrinking and replay stay sequential. */
  readonly parallel?: number;
  readonly onProgress?: (p: FuzzProgress) => void;
  /** The replay command's options after the spec (default: `--target` and `--client` as given here). */
  readonly replayArgs?: string;
}

export interface FuzzFailure {
  readonly plan: ChunkPlan;
  /** The plan in words, with how each split was delivered. */
  readonly words: string;
  readonly path: string;
  readonly error: TcpspecError;
  /** Failed under fuzzing but passed each of the replays after it. */
  readonly flaky: boolean;
  /** How to replay exactly this case: a command line, or for fuzzClient the options that replay it from code. */
  readonly replay: string;
  /** What crossed the wire in the failing run of this case. */
  readonly conversations: readonly Conversation[];
  /** Server role: how the client under test ended in the failing run of this case. */
  readonly client?: ClientResult;
  /** How the failing run's pieces reached the other side. */
  readonly delivery?: DeliveryReport;
  /** Some split's pieces could not be confirmed to arrive as separate reads: the case may not be what its words say. */
  readonly unconfirmed: boolean;
}

export interface FuzzResult {
  readonly file: string;
  readonly name: string;
  readonly status: Verdict;
  readonly ok: boolean;
  readonly seed: number;
  /** Cases run (the plain run included, shrinking excluded). */
  readonly runs: number;
  readonly durationMs: number;
  /** The plain exchange or a generated case failed. */
  readonly failure?: FuzzFailure;
  /** Why the spec could not be fuzzed at all (bad spec, unreachable target). */
  readonly error?: TcpspecError;
  /** The loaded spec; absent when the file did not load. */
  readonly spec?: Spec;
  /** How pieces were delivered in this run (as the first case found it), and why when timed. */
  readonly delivery?: {
    readonly mode: DeliveryMode;
    readonly why?: string;
    readonly capMs: number;
    readonly gapMs: number;
  };
  /** Cases run at once. */
  readonly parallel?: number;
  /** Lying lengths (`--fields`, `fuzz.fields`): every case and what happened (src/fuzz/lying/). */
  readonly lying?: LyingReport;
}
