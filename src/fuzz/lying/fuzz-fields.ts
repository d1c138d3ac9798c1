/**
 * `tcpspec fuzz --fields` (or `fuzz: { fields: true }`) for one spec: the
 * plain exchange first, then every lying-length case in listing order, one at
 * a time (a case judges whether the server survives, which a case running
 * beside it would blur). After a failing case the server tcpspec started is
 * stopped and started afresh for the next one. Every case's outcome is listed;
 * the first failing one is the result's failure, with the command that
 * replays it alone.
 */
import { shellWord } from '../../clients/words';
import { TcpspecError } from '../../errors';
import { TargetMissingError } from '../../targets/errors';
import { UsageError } from '../../usage-error';
import { SpecError } from '../../yaml/spec-error';
import { loadSpecOrError } from '../../load/load';
import { runSpec } from '../../run/run-spec';
import type { RunOptions } from '../../run/run-spec';
import type { Spec } from '../../spec/types';
import { TargetPool } from '../../targets/pool';
import type { Endpoint } from '../../net/endpoint';
import type { StartedTarget } from '../../targets/target';
import { fuzzSpec } from '../fuzz-spec';
import type { FuzzOptions, FuzzResult } from '../fuzz-spec';
import { PLAIN_PLAN } from '../plan';
import { replayArgsOf, replayCommand } from '../replay';
import { caseWords, lyingCases } from './cases';
import type { LyingCase } from './cases';
import { runLyingCase } from './run-case';
import type { CaseRun, LyingOutcome, LyingReport } from './run-case';

export interface FieldsOptions extends FuzzOptions {
  /** Plays only case N of the listing (1-based), as a failure's replay command says. */
  readonly case?: number;
}

/** `npx tcpspec fuzz SPEC --fields --case N` with the options that chose the server. */
export function fieldsReplayCommand(file: string, n: number, args: string): string {
  return `npx tcpspec fuzz ${shellWord(file)} --fields --case ${n}${args ? ` ${args}` : ''}`;
}

/** Plays the lying-length cases of a loaded spec. */
export async function fuzzFields(spec: Spec, options: FieldsOptions = {}): Promise<FuzzResult> {
  const begun = performance.now();
  const pool = options.pool ?? new TargetPool();
  const run: RunOptions = {
    pool,
    ...(options.target ? { target: options.target } : {}),
    ...(options.shutdown ? { shutdown: options.shutdown } : {}),
  };
  const cases = lyingCases(spec);
  let lying: LyingReport | undefined;
  const done = (fields: Partial<FuzzResult> & Pick<FuzzResult, 'status' | 'runs'>): FuzzResult => ({
    file: spec.file,
    name: spec.name,
    seed: 0,
    spec,
    ok: fields.status === 'passed',
    durationMs: Math.round(performance.now() - begun),
    ...(lying ? { lying } : {}),
    ...fields,
  });
  try {
    if (spec.role === 'server')
      throw new UsageError(
        `${spec.file}: --fields makes the lengths a client sends lie, to judge a server; this spec plays the server`,
      );
    if (options.case !== undefined && (options.case < 1 || options.case > cases.length))
      throw new UsageError(
        `--case ${options.case}: ${spec.file} has ${cases.length === 0 ? 'no lying-length cases' : `lying-length cases 1 to ${cases.length}`}`,
      );
    const health = spec.fuzz.health ? loadSpecOrError(spec.fuzz.health.file, { root: spec.root }) : spec;
    if (health instanceof SpecError) return done({ status: 'error', runs: 0, error: health });
    if (health.role === 'server')
      throw new UsageError(
        `${spec.file}: fuzz.health names ${health.file}, which plays the server; it must be a client`,
      );
    lying = { total: cases.length, ...(spec.fuzz.health ? { health: spec.fuzz.health.rel } : {}), cases: [] };
    const args = options.replayArgs ?? replayArgsOf(options);
    if (options.case === undefined) {
      const plain = await runSpec(spec, run);
      const failure = plain.failure;
      if (failure?.exitStatus === 2) return done({ status: 'error', runs: 1, error: failure });
      if (failure) {
        return done({
          status: 'failed',
          runs: 1,
          failure: {
            plan: PLAIN_PLAN,
            words: 'the plain exchange (no length lies)',
            path: '',
            error: failure,
            flaky: false,
            replay: replayCommand(spec.file, 0, '', args),
            conversations: plain.conversations,
            unconfirmed: false,
          },
        });
      }
    }
    const chosen = options.case !== undefined ? [cases[options.case - 1]!] : cases;
    const outcomes: LyingOutcome[] = [];
    let first: { c: LyingCase; run: CaseRun } | undefined;
    for (const c of chosen) {
      if (options.shutdown?.stopped) break;
      const { address, started } = await serverOf(spec, options, pool);
      const caseRun = await runLyingCase(spec, health, c, { run, address, ...(started ? { started } : {}) });
      outcomes.push(
        caseRun.error
          ? { ...caseRun.outcome, replay: fieldsReplayCommand(spec.file, c.number, args) }
          : caseRun.outcome,
      );
      lying = { ...lying, cases: outcomes };
      options.onProgress?.({
        file: spec.file,
        done: outcomes.length,
        total: chosen.length,
        failures: outcomes.filter((o) => !o.ok).length,
        shrinking: false,
      });
      if (caseRun.error) {
        first ??= { c, run: caseRun };
        // Whatever state the lie left the server in is not the next case's to inherit.
        if (started && spec.target) await pool.release(spec.target.name);
      }
    }
    const runs = outcomes.length + (options.case === undefined ? 1 : 0);
    if (!first) return done({ status: 'passed', runs });
    const { c, run: failed } = first;
    return done({
      status: 'failed',
      runs,
      failure: {
        plan: PLAIN_PLAN,
        words: `${caseWords(c)}: ${failed.outcome.happened}`,
        path: String(c.number),
        error: failed.error!,
        flaky: false,
        replay: fieldsReplayCommand(spec.file, c.number, args),
        conversations: failed.conversations,
        unconfirmed: false,
      },
    });
  } catch (err) {
    if (err instanceof TcpspecError && err.exitStatus === 2) return done({ status: 'error', runs: 0, error: err });
    throw err;
  } finally {
    if (!options.pool) await pool.stopAll();
  }
}

/** Where the cases go: `--target`, else the spec's own target, started (once, or again after a failure) by the pool. */
async function serverOf(
  spec: Spec,
  options: FieldsOptions,
  pool: TargetPool,
): Promise<{ address: Endpoint; started?: StartedTarget }> {
  if (options.target) return { address: options.target };
  if (!spec.target) throw new TargetMissingError({ file: spec.file });
  const started = await pool.start(spec.target.name, spec.target.loc);
  return { address: { host: started.host, port: started.port }, started };
}

export interface FuzzFileOptions extends FieldsOptions {
  /** `--fields`: the lying-length cases only. */
  readonly fields?: boolean;
}

/**
 * Loads a spec file and fuzzes it as the command line asks: with `fields`,
 * the lying-length cases only; otherwise the chunkings, and then, when the
 * spec says `fuzz: { fields: true }` and they passed, the lying-length cases.
 */
export async function fuzzSpecFileWithFields(file: string, options: FuzzFileOptions = {}): Promise<FuzzResult> {
  const { fields, case: only, ...chunking } = options;
  const started = performance.now();
  const spec = loadSpecOrError(file, options.root !== undefined ? { root: options.root } : {});
  if (spec instanceof SpecError) {
    const durationMs = Math.round(performance.now() - started);
    return { file, name: file, status: 'error', ok: false, seed: options.seed ?? 0, runs: 0, durationMs, error: spec };
  }
  if (fields) return fuzzFields(spec, { ...chunking, ...(only !== undefined ? { case: only } : {}) });
  const chunked = await fuzzSpec(spec, chunking);
  if (!spec.fuzz.fields || chunking.path !== undefined || chunked.status !== 'passed') return chunked;
  const lied = await fuzzFields(spec, chunking);
  return {
    ...lied,
    seed: chunked.seed,
    runs: chunked.runs + lied.runs,
    durationMs: chunked.durationMs + lied.durationMs,
    ...(chunked.delivery ? { delivery: chunked.delivery } : {}),
  };
}
