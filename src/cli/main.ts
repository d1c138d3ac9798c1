/**
 * The `tcpspec` command line: run, fuzz, serve, validate, record. Exit status 0 when
 * every spec passed, 1 when one failed, 2 when the input was unusable; the
 * last line counts results as `N passed, N failed`.
 */
import { Command, CommanderError } from 'commander';
import { SpecError, TcpspecError, UsageError } from '../errors';
import { exitStatus, formatResult, styleFor, summarize, summaryLine } from '../report/human';
import type { Style } from '../report/human';
import { formatAddress } from '../peer/server';
import { findSpecs } from '../run/discover';
import { runSpec, runSpecFile } from '../run/run-spec';
import { loadSpecFile } from '../spec/load';
import { TargetPool } from '../targets/pool';
import { parseAddress, parseCount, parseSeed } from './args';
import { fuzzSpecFile } from '../fuzz/fuzz-spec';
import { chooseSeed, SEED_ENV } from '../fuzz/seed';
import { clearProgress, formatFuzzResult, progressPrinter } from '../report/fuzz-report';
import type { CaseReport } from '../report/case-report';
import { writeReports } from '../report/write-reports';
import { caseOfFuzz, caseOfRun } from './report-cases';
import { collect, parseReporterOptions } from './reporter-options';
import { recordCommand } from './record-command';
import type { RecordFlags } from './record-command';
import type { ReportOutput } from './reporter-options';

export interface Io {
  readonly out: NodeJS.WriteStream;
  readonly err: NodeJS.WriteStream;
}

const VERSION = '0.1.0';

/** Runs the CLI with `argv` (without node and script); resolves with the exit status. */
export async function main(
  argv: readonly string[],
  io: Io = { out: process.stdout, err: process.stderr },
): Promise<number> {
  const print = (line: string): void => void io.out.write(`${line}\n`);
  let status = 0;
  const program = new Command('tcpspec')
    .description('Protocol-conformance tests for TCP servers and clients')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) });

  program
    .command('run')
    .description("replay each spec once, against --target or the spec's own target")
    .argument('<paths...>', 'spec files or folders (searched for *.yaml, *.yml)')
    .option('--target <host:port>', "the server under test (overrides each spec's target:)")
    .option(
      '--reporter <name>',
      'human (always on stdout), junit or json; repeatable, each junit|json with its own --output',
      collect,
      [],
    )
    .option('--output <file>', 'the file for the junit or json --reporter before it (in order)', collect, [])
    .option('--transcript <dir>', 'write each conversation to DIR as a readable text file per spec')
    .action(async (paths: string[], opts: { target?: string } & ReportingFlags) => {
      const target = opts.target !== undefined ? parseAddress(opts.target, '--target') : undefined;
      const reporting = reportingOf('run', opts);
      const roots = rootsOf(paths);
      status = await runEach(
        [...roots.keys()],
        io,
        // A role: server spec announces its bound port, so a client can be pointed at it.
        (file, pool) =>
          runSpecFile(file, {
            pool,
            root: roots.get(file)!,
            ...(target ? { target } : {}),
            onListening: (a) => print(`listening on ${formatAddress(a)}`),
          }),
        formatResult,
        reporting,
        (r) => caseOfRun(r, reporting),
      );
    });

  program
    .command('fuzz')
    .description('replay each spec under generated chunkings, and shrink a failure to its smallest case')
    .argument('<paths...>', 'spec files or folders')
    .option('--target <host:port>', "the server under test (overrides each spec's target:)")
    .option('--runs <n>', "generated cases per spec (default: the spec's fuzz.runs, else 100)")
    .option('--seed <n>', `the seed (default: ${SEED_ENV}, else the spec's fuzz.seed, else a fresh one)`)
    .option('--path <path>', 'replay the one case a failure printed (with its --seed)')
    .option('--parallel <n>', "cases at once, each on its own connections (default: the spec's fuzz.parallel, else 1)")
    .option(
      '--reporter <name>',
      'human (always on stdout), junit or json; repeatable, each junit|json with its own --output',
      collect,
      [],
    )
    .option('--output <file>', 'the file for the junit or json --reporter before it (in order)', collect, [])
    .option('--transcript <dir>', "write the conversation of each spec's smallest failing case to DIR")
    .action(
      async (
        paths: string[],
        opts: { target?: string; runs?: string; seed?: string; path?: string; parallel?: string } & ReportingFlags,
      ) => {
        const target = opts.target !== undefined ? parseAddress(opts.target, '--target') : undefined;
        const runs = opts.runs !== undefined ? parseCount(opts.runs, '--runs') : undefined;
        const seed = opts.seed !== undefined ? parseSeed(opts.seed, '--seed') : undefined;
        const parallel = opts.parallel !== undefined ? parseCount(opts.parallel, '--parallel') : undefined;
        chooseSeed(seed, undefined); // a malformed TCPSPEC_SEED is a usage error before any spec runs
        if (opts.path !== undefined && seed === undefined)
          throw new UsageError('--path replays a case of one seed; pass --seed too');
        const reporting = reportingOf('fuzz', opts);
        const roots = rootsOf(paths);
        status = await runEach(
          [...roots.keys()],
          io,
          (file, pool) =>
            fuzzSpecFile(file, {
              pool,
              root: roots.get(file)!,
              ...(target ? { target, replayArgs: `--target ${opts.target}` } : {}),
              ...(runs !== undefined ? { runs } : {}),
              ...(seed !== undefined ? { seed } : {}),
              ...(opts.path !== undefined ? { path: opts.path } : {}),
              ...(parallel !== undefined ? { parallel } : {}),
              onProgress: progressPrinter(io.err),
            }),
          formatFuzzResult,
          reporting,
          (r) => caseOfFuzz(r, reporting),
        );
      },
    );

  program
    .command('serve')
    .description('play a role: server spec as a mock server for a client under test')
    .argument('<spec>', 'a spec file with role: server')
    .option('--listen <[host:]port>', "where to listen (overrides the spec's listen:)")
    .action(async (file: string, opts: { listen?: string }) => {
      const listen = opts.listen !== undefined ? parseAddress(opts.listen, '--listen') : undefined;
      const spec = loadSpecFile(file);
      if (spec.role !== 'server')
        throw new UsageError(
          `${file}: serve plays role: server specs; this one has role: ${spec.role} (use tcpspec run)`,
        );
      // No client under test is started here: the user points their own client at us.
      const { target: _ignored, ...asMock } = spec;
      status = await runEach(
        [file],
        io,
        (_f, pool) =>
          runSpec(asMock, {
            pool,
            ...(listen ? { listen } : {}),
            onListening: (a) => print(`listening on ${formatAddress(a)}`),
          }),
        formatResult,
      );
    });

  program
    .command('record')
    .description('proxy one real client to a real server and write their conversation as a spec to edit')
    .requiredOption('--listen <[host:]port>', 'where the client under observation connects')
    .requiredOption('--forward <host:port>', 'the real server the bytes are passed to')
    .requiredOption('--out <file>', 'the spec file to write')
    .option('--name <name>', 'the spec\'s name (default: "Recorded conversation with HOST:PORT")')
    .option('--timeout <duration>', 'stop after this long even if the connection is still open (e.g. 30s)')
    .action(async (opts: RecordFlags) => {
      const interrupt = new AbortController();
      const stop = (): void => interrupt.abort();
      process.once('SIGINT', stop);
      try {
        status = await recordCommand(opts, print, interrupt.signal);
      } finally {
        process.off('SIGINT', stop);
      }
    });

  program
    .command('validate')
    .description('check specs without connecting anywhere')
    .argument('<paths...>', 'spec files or folders')
    .action((paths: string[]) => {
      status = validateAll(rootsOf(paths), print);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return 0; // --help, --version
      print(summaryLine({ passed: 0, failed: 0, errors: 1, skipped: 0 }));
      return 2;
    }
    if (err instanceof TcpspecError) {
      io.err.write(`tcpspec: ${err.message}\n`);
      print(summaryLine({ passed: 0, failed: 0, errors: 1, skipped: 0 }));
      return 2;
    }
    throw err;
  }
  return status;
}

interface Outcome {
  readonly status: 'passed' | 'failed' | 'error';
}

interface ReportingFlags {
  readonly reporter: string[];
  readonly output: string[];
  readonly transcript?: string;
}

/** What a run writes besides the human report on stdout. */
interface Reporting {
  readonly command: 'run' | 'fuzz';
  readonly outputs: readonly ReportOutput[];
  readonly transcriptDir?: string;
}

function reportingOf(command: 'run' | 'fuzz', flags: ReportingFlags): Reporting {
  return {
    command,
    outputs: parseReporterOptions(flags.reporter, flags.output),
    ...(flags.transcript !== undefined ? { transcriptDir: flags.transcript } : {}),
  };
}

/**
 * Runs `one` for each file in turn with one shared target pool (so a named
 * target starts once), prints each result as it comes, writes the transcripts
 * and file reports asked for, then prints the summary line last.
 * Targets are stopped at the end and on Ctrl-C.
 */
async function runEach<R extends Outcome>(
  files: readonly string[],
  io: Io,
  one: (file: string, pool: TargetPool) => Promise<R>,
  format: (r: R, style: Style) => string,
  reporting?: Reporting,
  toCase?: (r: R) => CaseReport,
): Promise<number> {
  const started = new Date();
  const startedMs = performance.now();
  const pool = new TargetPool();
  const style = styleFor(io.out);
  const stop = (): void => {
    void pool.stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  const results: R[] = [];
  const cases: CaseReport[] = [];
  const problems: string[] = [];
  const wantCases =
    reporting !== undefined &&
    toCase !== undefined &&
    (reporting.outputs.length > 0 || reporting.transcriptDir !== undefined);
  try {
    for (const file of files) {
      const r = await one(file, pool);
      clearProgress(io.err);
      results.push(r);
      io.out.write(`${format(r, style)}\n`);
      if (!wantCases) continue;
      try {
        cases.push(toCase(r));
      } catch (err) {
        // A transcript that cannot be written must not hide the verdicts: say so, and exit 2 at the end.
        const fsError = err as NodeJS.ErrnoException;
        if (typeof fsError?.syscall !== 'string') throw err;
        problems.push(`cannot write the transcript of ${file}: ${fsError.code ?? fsError.message}`);
      }
    }
  } finally {
    process.off('SIGINT', stop);
    await pool.stopAll();
  }
  const summary = summarize(results);
  if (reporting && wantCases) {
    const run = {
      command: reporting.command,
      version: VERSION,
      startedAt: started,
      durationMs: Math.round(performance.now() - startedMs),
      // Transcripts that could not be written already make the exit status 2.
      ...(problems.length > 0 ? { exitStatus: 2 as const } : {}),
    };
    problems.push(...writeReports(reporting.outputs, cases, summary, run));
  }
  for (const p of problems) io.err.write(`tcpspec: ${p}\n`);
  io.out.write(`${summaryLine(summary)}\n`);
  return problems.length > 0 ? 2 : exitStatus(summary);
}

/** Each spec file under `paths` with the collection root its `file:` payloads may not leave. */
function rootsOf(paths: readonly string[]): Map<string, string> {
  return new Map(findSpecs(paths).map((s) => [s.file, s.root]));
}

function validateAll(roots: ReadonlyMap<string, string>, print: (line: string) => void): number {
  let passed = 0;
  let failed = 0;
  for (const [file, root] of roots) {
    try {
      const spec = loadSpecFile(file, { root });
      passed += 1;
      print(`OK ${file}  ${spec.name}`);
      for (const w of spec.warnings) print(`${w.file}:${w.line}:${w.column}: warning: ${w.message}`);
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      failed += 1;
      print(err.message);
    }
  }
  print(summaryLine({ passed, failed, errors: 0, skipped: 0 }));
  return failed > 0 ? 2 : 0;
}
