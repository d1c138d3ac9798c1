/**
 * One spec fuzzed, as a session in four phases:
 * - plain: the exchange once, unshaped; a failure there needs no fuzzing;
 * - cases: generated plans until the first failing one (several at a time
 *   with `parallel`), which is all a passing spec sees;
 * - shrink: fast-check replays from the failing case's path and shrinks it
 *   to the smallest plan that still fails, then replays that one to tell a
 *   real failure from a flaky one;
 * - report: the result, with the case in words and how to replay it.
 * How a case is played is handed in: the spec's own target or client
 * (`fuzzSpec`), or a function in this process (`fuzzClient`).
 */
import { formatEndpoint } from '../net/endpoint';
import fc from 'fast-check';
import { TcpspecError } from '../errors';
import { UsageError } from '../usage-error';
import type { PeerOptions } from '../peer/client';
import type { SpecResult } from '../run/run-spec';
import type { Spec } from '../spec/types';
import { readShaperOf, sendPlanOf } from './apply-plan';
import { chunkPlanArbitrary, sendsOf } from './arbitrary';
import type { SendInfo } from './arbitrary';
import { runConcurrently } from './concurrent-cases';
import { CaseDelivery, CONFIRM_CAP_MS, unconfirmedSplit } from './delivery/delivery';
import type { DeliveryReport, DeliverySettings } from './delivery/delivery';
import type { FuzzFailure, FuzzOptions, FuzzResult } from './fuzz-types';
import { describePlan, PLAIN_PLAN } from './plan';
import type { ChunkPlan } from './plan';
import { replayPathError } from './replay';
import { chooseSeed } from './seed';
import { SEPARATE_READ_GAP_MS } from './timing';

/** Replays of the shrunk case before it is called flaky. */
const REPLAYS = 3;

/** How a session plays one case and names its replay. */
export interface CaseRunner {
  /** Plays the spec once with one case's peer hooks (its send plan and reader). */
  play(peer: PeerOptions): Promise<SpecResult>;
  /** How a person replays the case at `path` (`''`: the plain exchange) of a run with `seed`. */
  replay(seed: number, path: string): string;
}

interface CaseRun {
  readonly result: SpecResult;
  readonly delivery: DeliveryReport;
}

/** A case that failed, where it was found. */
interface FoundFailure {
  readonly plan: ChunkPlan;
  readonly path: string;
  readonly run: CaseRun;
  /** Cases run to find it, the plain one excluded. */
  readonly runs: number;
}

type Outcome = Pick<FuzzResult, 'status' | 'runs'> & Partial<Pick<FuzzResult, 'failure' | 'error'>>;

export class FuzzSession {
  private readonly started = performance.now();
  readonly seed: number;
  private readonly runs: number;
  private readonly parallel: number;
  private readonly arbitrary: fc.Arbitrary<ChunkPlan>;
  private readonly sends: readonly SendInfo[];
  private readonly settings: DeliverySettings;
  private delivery: FuzzResult['delivery'];
  /** Cases played and failures seen, for progress. */
  private played = 0;
  private failures = 0;

  constructor(
    readonly spec: Spec,
    private readonly options: FuzzOptions,
    private readonly runner: CaseRunner,
  ) {
    this.seed = chooseSeed(options.seed, spec.fuzz.seed);
    this.runs = options.runs ?? spec.fuzz.runs;
    this.parallel = options.path !== undefined ? 1 : (options.parallel ?? spec.fuzz.parallel ?? 1);
    this.arbitrary = chunkPlanArbitrary(spec, spec.fuzz);
    this.sends = sendsOf(spec);
    this.settings = {
      choice: options.delivery ?? 'auto',
      gapMs: options.minGapMs ?? SEPARATE_READ_GAP_MS,
      capMs: options.confirmCapMs ?? CONFIRM_CAP_MS,
    };
  }

  /** Runs every phase; a usage problem is a result with status `error`, anything else thrown is a bug. */
  async run(): Promise<FuzzResult> {
    try {
      this.checkParallel();
      if (this.options.path === undefined) {
        const plain = await this.plain();
        if (plain) return this.report(plain);
        const found = await this.cases();
        if (!found) return this.report({ status: 'passed', runs: this.runs + 1 });
        // An unusable input (a target gone, an interrupt) is not shrunk: no smaller case makes it usable.
        const error = found.run.result.failure!;
        if (error.exitStatus === 2) return this.report({ status: 'error', runs: found.runs, error });
        return this.report(await this.shrink(found.path, found));
      }
      return this.report(await this.shrink(this.options.path));
    } catch (err) {
      if (err instanceof UsageError) return this.report({ status: 'error', runs: 0, error: err });
      throw err;
    }
  }

  private checkParallel(): void {
    const listen = this.options.listen ?? this.spec.listen;
    if (this.parallel > 1 && this.spec.role === 'server' && !('port' in listen && listen.port === 0))
      throw new UsageError(
        `${this.spec.file}: fuzz cases cannot run in parallel on ${'port' in listen ? `the fixed listen port ${listen.port}` : `the one socket ${formatEndpoint(listen)}`}; use port 0 or parallel 1`,
      );
  }

  /** Phase one: the exchange unshaped. Returns the outcome when it fails. */
  private async plain(): Promise<Outcome | undefined> {
    const plain = await this.playCase(PLAIN_PLAN);
    const error = plain.result.failure;
    if (!error) return undefined;
    if (error.exitStatus === 2) return { status: 'error', runs: 1, error };
    return { status: 'failed', runs: 1, failure: this.failureOf(PLAIN_PLAN, '', plain, error, false) };
  }

  /** Phase two: generated cases up to the first that fails (none: the spec passed). */
  private async cases(): Promise<FoundFailure | undefined> {
    if (this.parallel > 1) {
      const first = await runConcurrently(
        this.arbitrary,
        this.seed,
        this.runs,
        this.parallel,
        (plan) => this.playCounted(plan, false),
        (run) => run.result.failure !== undefined,
      );
      return first && { plan: first.plan, path: String(first.index), run: first.run, runs: first.index + 1 };
    }
    let failing: CaseRun | undefined;
    const details = await fc.check(
      fc.asyncProperty(this.arbitrary, async (plan) => {
        const run = await this.playCounted(plan, false);
        if (run.result.failure) {
          failing = run;
          throw run.result.failure;
        }
      }),
      { seed: this.seed, numRuns: this.runs, endOnFailure: true },
    );
    if (!details.failed) return undefined;
    return { ...this.counterexampleOf(details), run: failing!, runs: details.numRuns };
  }

  /**
   * Phase three: fast-check replays from `path` and shrinks to the smallest
   * plan that still fails (a replay given in the options is played, not
   * shrunk). When the case found by phase two passes alone, it is reported
   * as flaky.
   */
  private async shrink(path: string, found?: FoundFailure): Promise<Outcome> {
    // Shrinking moves to each candidate that fails, so the last failing run is the shrunk case's.
    let lastFailing: CaseRun | undefined;
    // A replay plays the one case its path names. Should that case pass, fast-check would go on to the cases
    // after it on the path's level and report the first of them that fails: another case than the one asked for.
    let replayed = false;
    let details: fc.RunDetails<[ChunkPlan]>;
    try {
      details = await fc.check(
        fc.asyncProperty(this.arbitrary, async (plan) => {
          if (!found && replayed) return;
          replayed = true;
          const run = await this.playCounted(plan, true);
          if (run.result.failure) {
            lastFailing = run;
            throw run.result.failure;
          }
        }),
        { seed: this.seed, numRuns: this.runs, path, ...(found ? {} : { endOnFailure: true }) },
      );
    } catch (err) {
      // A path of no case of this spec and seed is the caller's mistake, named as such.
      throw replayPathError(err, this.options.path, this.spec.file, this.seed);
    }
    if (!details.failed) {
      if (!found) return { status: 'passed', runs: 1 };
      // Failed among the cases, passed alone from there on: reported, as flaky.
      const error = found.run.result.failure!;
      if (error.exitStatus === 2) return { status: 'error', runs: found.runs, error };
      return {
        status: 'failed',
        runs: found.runs + 1,
        failure: this.failureOf(found.plan, found.path, found.run, error, true),
      };
    }
    const { plan, path: shrunkPath } = this.counterexampleOf(details);
    const error = details.errorInstance instanceof TcpspecError ? details.errorInstance : lastFailing?.result.failure;
    if (!(error instanceof TcpspecError)) throw details.errorInstance;
    // A replay played its one case and no plain exchange; a session counts the plain one too.
    const runs = found ? found.runs : 1;
    if (error.exitStatus === 2) return { status: 'error', runs, error };
    // A failure that comes and goes between identical runs is called flaky only if every replay passes.
    let reproduced = false;
    for (let i = 0; i < REPLAYS && !reproduced; i++)
      reproduced = (await this.playCase(plan)).result.failure !== undefined;
    return {
      status: 'failed',
      runs: found ? runs + 1 : runs,
      failure: this.failureOf(plan, shrunkPath, lastFailing!, error, !reproduced),
    };
  }

  /** Phase four: the result, timed, with how pieces were delivered. */
  private report(outcome: Outcome): FuzzResult {
    return {
      file: this.spec.file,
      name: this.spec.name,
      seed: this.seed,
      spec: this.spec,
      ok: outcome.status === 'passed',
      durationMs: Math.round(performance.now() - this.started),
      ...(this.delivery ? { delivery: this.delivery } : {}),
      ...(this.parallel > 1 ? { parallel: this.parallel } : {}),
      ...outcome,
    };
  }

  private counterexampleOf(details: fc.RunDetails<[ChunkPlan]>): { plan: ChunkPlan; path: string } {
    if (details.counterexample) return { plan: details.counterexample[0], path: details.counterexamplePath };
    const why = details.interrupted ? 'the run was interrupted' : 'no case could be generated';
    throw new Error(`fast-check failed without a counterexample: ${why}`);
  }

  private async playCounted(plan: ChunkPlan, shrinking: boolean): Promise<CaseRun> {
    const run = await this.playCase(plan);
    this.played += 1;
    if (run.result.failure) this.failures += 1;
    this.options.onProgress?.({
      file: this.spec.file,
      done: Math.min(this.played, this.runs),
      total: this.runs,
      failures: this.failures,
      shrinking: shrinking && this.failures > 0,
    });
    return run;
  }

  private async playCase(plan: ChunkPlan): Promise<CaseRun> {
    const delivery = new CaseDelivery(this.settings);
    const reader = readShaperOf(plan, delivery);
    const result = await this.runner.play({ plan: sendPlanOf(plan, delivery), ...(reader ? { reader } : {}) });
    const report = delivery.report();
    this.delivery ??= {
      mode: report.mode,
      ...(report.why !== undefined ? { why: report.why } : {}),
      capMs: report.capMs,
      gapMs: report.gapMs,
    };
    return { result, delivery: report };
  }

  private failureOf(plan: ChunkPlan, path: string, run: CaseRun, error: TcpspecError, flaky: boolean): FuzzFailure {
    return {
      plan,
      words: describePlan(
        plan,
        this.sends.map((s) => s.step),
        run.delivery,
        this.sends.map((s) => s.fields),
      ),
      path,
      error,
      flaky,
      replay: this.runner.replay(this.seed, path),
      conversations: run.result.conversations,
      ...(run.result.client ? { client: run.result.client } : {}),
      delivery: run.delivery,
      unconfirmed: unconfirmedSplit(run.delivery),
    };
  }
}
