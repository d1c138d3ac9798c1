/**
 * The `tcpspec` command line: run, fuzz, serve, validate. Exit status 0 when
 * every spec passed, 1 when one failed, 2 when the input was unusable; the
 * last line counts results as `N passed, N failed`.
 */
import { Command, CommanderError } from 'commander';
import { SpecError, TcpspecError, UsageError } from '../errors';
import { exitStatus, formatResult, styleFor, summarize, summaryLine } from '../report/human';
import type { Style } from '../report/human';
import { formatAddress } from '../peer/server';
import { findSpecFiles } from '../run/discover';
import { runSpec, runSpecFile } from '../run/run-spec';
import { loadSpecFile } from '../spec/load';
import { TargetPool } from '../targets/pool';
import { parseAddress, parseCount, parseSeed } from './args';
import { fuzzSpecFile } from '../fuzz/fuzz-spec';
import { SEED_ENV } from '../fuzz/seed';
import { clearProgress, formatFuzzResult, progressPrinter } from '../report/fuzz-report';

export interface Io {
  readonly out: NodeJS.WriteStream;
  readonly err: NodeJS.WriteStream;
}

const VERSION = '0.1.0';

/** Runs the CLI with `argv` (without node and script); resolves with the exit status. */
export async function main(argv: readonly string[], io: Io = { out: process.stdout, err: process.stderr }): Promise<number> {
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
    .option('--target <host:port>', 'the server under test (overrides each spec\'s target:)')
    .action(async (paths: string[], opts: { target?: string }) => {
      const target = opts.target !== undefined ? parseAddress(opts.target, '--target') : undefined;
      status = await runEach(findSpecFiles(paths), io, (file, pool) => runSpecFile(file, { pool, ...(target ? { target } : {}) }), formatResult);
    });

  program
    .command('fuzz')
    .description('replay each spec under generated chunkings, and shrink a failure to its smallest case')
    .argument('<paths...>', 'spec files or folders')
    .option('--target <host:port>', "the server under test (overrides each spec's target:)")
    .option('--runs <n>', 'generated cases per spec (default: the spec\'s fuzz.runs, else 100)')
    .option('--seed <n>', `the seed (default: ${SEED_ENV}, else the spec's fuzz.seed, else a fresh one)`)
    .option('--path <path>', 'replay the one case a failure printed (with its --seed)')
    .action(async (paths: string[], opts: { target?: string; runs?: string; seed?: string; path?: string }) => {
      const target = opts.target !== undefined ? parseAddress(opts.target, '--target') : undefined;
      const runs = opts.runs !== undefined ? parseCount(opts.runs, '--runs') : undefined;
      const seed = opts.seed !== undefined ? parseSeed(opts.seed, '--seed') : undefined;
      if (opts.path !== undefined && seed === undefined) throw new UsageError('--path replays a case of one seed; pass --seed too');
      const files = findSpecFiles(paths);
      status = await runEach(
        files,
        io,
        (file, pool) =>
        fuzzSpecFile(file, {
          pool,
          ...(target ? { target, replayArgs: `--target ${opts.target}` } : {}),
          ...(runs !== undefined ? { runs } : {}),
          ...(seed !== undefined ? { seed } : {}),
          ...(opts.path !== undefined ? { path: opts.path } : {}),
          onProgress: progressPrinter(io.err),
        }),
        formatFuzzResult,
      );
    });

  program
    .command('serve')
    .description('play a role: server spec as a mock server for a client under test')
    .argument('<spec>', 'a spec file with role: server')
    .option('--listen <[host:]port>', "where to listen (overrides the spec's listen:)")
    .action(async (file: string, opts: { listen?: string }) => {
      const listen = opts.listen !== undefined ? parseAddress(opts.listen, '--listen') : undefined;
      const spec = loadSpecFile(file);
      if (spec.role !== 'server') throw new UsageError(`${file}: serve plays role: server specs; this one has role: ${spec.role} (use tcpspec run)`);
      // No client under test is started here: the user points their own client at us.
      const { target: _ignored, ...asMock } = spec;
      status = await runEach(
        [file],
        io,
        (_f, pool) => runSpec(asMock, { pool, ...(listen ? { listen } : {}), onListening: (a) => print(`listening on ${formatAddress(a)}`) }),
        formatResult,
      );
    });

  program
    .command('validate')
    .description('check specs without connecting anywhere')
    .argument('<paths...>', 'spec files or folders')
    .action((paths: string[]) => {
      status = validateAll(findSpecFiles(paths), print);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return 0;
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

/**
 * Runs `one` for each file in turn with one shared target pool (so a named
 * target starts once), prints each result as it comes, then the summary line.
 * Targets are stopped at the end and on Ctrl-C.
 */
async function runEach<R extends Outcome>(
  files: readonly string[],
  io: Io,
  one: (file: string, pool: TargetPool) => Promise<R>,
  format: (r: R, style: Style) => string,
): Promise<number> {
  const pool = new TargetPool();
  const style = styleFor(io.out);
  const stop = (): void => {
    void pool.stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  const results: R[] = [];
  try {
    for (const file of files) {
      const r = await one(file, pool);
      clearProgress(io.err);
      results.push(r);
      io.out.write(`${format(r, style)}\n`);
    }
  } finally {
    process.off('SIGINT', stop);
    await pool.stopAll();
  }
  const summary = summarize(results);
  io.out.write(`${summaryLine(summary)}\n`);
  return exitStatus(summary);
}

function validateAll(files: readonly string[], print: (line: string) => void): number {
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    try {
      const spec = loadSpecFile(file);
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
