/**
 * The `tcpspec` command line: run, fuzz, serve, validate. Exit status 0 when
 * every spec passed, 1 when one failed, 2 when the input was unusable; the
 * last line counts results as `N passed, N failed`.
 */
import { Command, CommanderError } from 'commander';
import { SpecError, TcpspecError, UsageError } from '../errors';
import { exitStatus, formatResult, styleFor, summarize, summaryLine } from '../report/human';
import { findSpecFiles } from '../run/discover';
import { runSpec, runSpecFile } from '../run/run-spec';
import type { SpecResult } from '../run/run-spec';
import { loadSpecFile } from '../spec/load';
import { TargetPool } from '../targets/pool';
import { parseAddress } from './args';

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
      status = await runAll(findSpecFiles(paths), io, (file, pool) => runSpecFile(file, { pool, ...(target ? { target } : {}) }));
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
      status = await runAll([file], io, (_f, pool) =>
        runSpec(asMock, { pool, ...(listen ? { listen } : {}), onListening: (a) => print(`listening on ${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`) }),
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

async function runAll(files: readonly string[], io: Io, runOne: (file: string, pool: TargetPool) => Promise<SpecResult>): Promise<number> {
  const pool = new TargetPool();
  const style = styleFor(io.out);
  const stop = (): void => {
    void pool.stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  const results: SpecResult[] = [];
  try {
    for (const file of files) {
      const r = await runOne(file, pool);
      results.push(r);
      io.out.write(`${formatResult(r, style)}\n`);
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
