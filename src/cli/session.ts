/**
 * One command's run of many specs: the shared target pool, the shutdown
 * registry, the reporters, and the interrupt. Specs run one after another;
 * each report goes to every reporter as soon as its spec finished. SIGINT or
 * SIGTERM stops everything started (the pool's targets, listening mock
 * servers, client processes), ends the reporters with the results so far and
 * the closing line counting what ran, and exits 130.
 */
import { exitStatus, summarize } from '../report/human';
import { clearProgress } from '../report/fuzz-report';
import { reporterModule } from '../report/registry';
import type { MatrixGrid, Reporter, RunInfo, SpecReport } from '../report/reporter';
import { ShutdownRegistry } from '../run/shutdown';
import { TargetPool } from '../targets/pool';
import { builtinCatalog } from './catalog';
import type { CliContext } from './context';
import { specsOf } from './options';
import type { Reporting } from './options';
import type { Reported } from './report-cases';
import type { ReportOutput } from './reporter-options';
import type { Io } from './io';
import { VERSION } from './version';

export const INTERRUPTED = 130;
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export interface SessionOptions {
  readonly io: Io;
  readonly info: Omit<RunInfo, 'version' | 'startedAt'>;
  /** File reports (`--reporter NAME --output FILE`); the human report is always on. */
  readonly outputs?: readonly ReportOutput[];
}

/** A spec to run: its name (for "not finished") and how to run it. */
export interface Job {
  readonly name: string;
  run(session: Session): Promise<Reported>;
}

export class Session {
  readonly shutdown = new ShutdownRegistry();
  private started: TargetPool | undefined;
  /** How far the running job got, in words, for an interrupt to report (fuzz: the cases that had run). */
  private progressNote: string | undefined;
  private readonly reporters: Reporter[];

  /** Records how far the running job got; an interrupt reports the last note of the job it stopped. */
  noteProgress(note: string): void {
    this.progressNote = note;
  }

  /** The target pool the jobs share; it exists while `runAll` runs. */
  get pool(): TargetPool {
    if (!this.started) throw new Error('Session.pool is only there while runAll runs');
    return this.started;
  }

  constructor(private readonly options: SessionOptions) {
    const { io } = options;
    this.reporters = [
      ...(options.outputs ?? []).map((o) => reporterModule(o.kind)!.create({ out: io.out, err: io.err, file: o.file })),
      // The human report ends last, so its closing line is the last line of the output.
      reporterModule('human')!.create({ out: io.out, err: io.err }),
    ];
  }

  /**
   * Runs `jobs` in order and resolves with the exit status: 0 all passed, 1 a
   * spec failed, 2 an input was unusable or a report not written, 130 interrupted.
   * `grid` builds the matrix table from the reports, for `matrix`.
   */
  async runAll(jobs: readonly Job[], grid?: (reports: readonly SpecReport[]) => MatrixGrid): Promise<number> {
    const startedAt = new Date();
    const startedMs = performance.now();
    const info: RunInfo = { ...this.options.info, version: VERSION, startedAt };
    // The catalog loads the fixtures here, not at start-up, so `validate` never loads a server.
    const pool = (this.started = new TargetPool(await builtinCatalog()));
    this.shutdown.register(() => pool.stopAll());
    for (const r of this.reporters) r.onStart(info);

    let interruptedBy: string | undefined;
    let onInterrupt: (() => void) | undefined;
    const interrupted = new Promise<'interrupted'>((resolve) => (onInterrupt = () => resolve('interrupted')));
    const handlers = SIGNALS.map((signal) => {
      const handler = (): void => {
        // A second Ctrl-C while stopping: the user wants out now.
        if (interruptedBy !== undefined) process.exit(INTERRUPTED);
        interruptedBy = signal;
        onInterrupt!();
      };
      process.on(signal, handler);
      return { signal, handler };
    });

    const reports: SpecReport[] = [];
    const problems: string[] = [];
    let next = 0;
    try {
      for (; next < jobs.length; next++) {
        this.progressNote = undefined;
        const outcome = await Promise.race([jobs[next]!.run(this), interrupted]);
        if (outcome === 'interrupted') break;
        clearProgress(this.options.io.err);
        reports.push(outcome.report);
        if (outcome.problem !== undefined) problems.push(outcome.problem);
        for (const r of this.reporters) r.onResult(outcome.report);
      }
    } finally {
      await this.shutdown.stopAll();
      for (const { signal, handler } of handlers) process.off(signal, handler);
    }
    if (interruptedBy !== undefined) clearProgress(this.options.io.err);

    const summary = summarize(reports.map((r) => ({ status: r.verdict })));
    const status = interruptedBy !== undefined ? INTERRUPTED : problems.length > 0 ? 2 : exitStatus(summary);
    const end = {
      summary,
      durationMs: Math.round(performance.now() - startedMs),
      exitStatus: status,
      ...(interruptedBy !== undefined ? { interruptedBy } : {}),
      ...(interruptedBy !== undefined && this.progressNote !== undefined ? { progress: this.progressNote } : {}),
      notFinished: jobs.slice(reports.length).map((j) => j.name),
      problems,
      ...(grid ? { matrix: grid(reports) } : {}),
    } as const;
    const files = this.reporters.slice(0, -1);
    const human = this.reporters[this.reporters.length - 1]!;
    const written = files.flatMap((r) => r.onEnd(end));
    human.onEnd({ ...end, problems: [...problems, ...written] });
    if (status === INTERRUPTED) return status;
    return written.length > 0 ? 2 : status;
  }
}

/** What every spec of a session is run with: the session's pool and shutdown registry, and the spec's collection root. */
export interface SpecRunContext {
  readonly pool: TargetPool;
  readonly shutdown: ShutdownRegistry;
  readonly root: string;
  /** How far this spec got, in words: said when an interrupt stops it. */
  readonly noteProgress: (note: string) => void;
}

/**
 * Runs each spec file under `paths` (only `reporting.shard`'s, when given) with
 * `runOne`, one after another in one session of `command` that reports to
 * `reporting.outputs`, and sets the command's exit status from it.
 */
export async function runSpecsInSession(
  cli: CliContext,
  command: 'run' | 'fuzz',
  paths: readonly string[],
  reporting: Reporting,
  runOne: (file: string, context: SpecRunContext) => Promise<Reported>,
): Promise<void> {
  const specs = specsOf(paths, reporting.shard);
  const session = new Session({
    io: cli.io,
    info: { command, ...(reporting.shard ? { shard: reporting.shard } : {}) },
    outputs: reporting.outputs,
  });
  cli.setStatus(
    await session.runAll(
      specs.map(({ file, root }) => ({
        name: file,
        run: (s) => runOne(file, { pool: s.pool, shutdown: s.shutdown, root, noteProgress: (n) => s.noteProgress(n) }),
      })),
    ),
  );
}
