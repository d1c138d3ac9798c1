/** `tcpspec fuzz PATH...`: replays each spec under generated chunkings and shrinks a failure. */
import type { Command } from 'commander';
import { UsageError } from '../../errors';
import { parseClientOption, shellWord } from '../../clients';
import { fuzzSpecFile } from '../../fuzz/fuzz-spec';
import { chooseSeed, SEED_ENV } from '../../fuzz/seed';
import { progressPrinter } from '../../report/fuzz-report';
import { parseAddress, parseCount, parseSeed } from '../args';
import type { CliContext } from '../context';
import { reportingOf, withReporting } from '../options';
import type { ReportingFlags } from '../options';
import { reportOfFuzz } from '../report-cases';
import { runSpecsInSession } from '../session';

interface FuzzFlags extends ReportingFlags {
  readonly target?: string;
  readonly client?: string;
  readonly runs?: string;
  readonly seed?: string;
  readonly path?: string;
  readonly parallel?: string;
}

export function registerFuzz(program: Command, cli: CliContext): void {
  const command = program
    .command('fuzz')
    .description('replay each spec under generated chunkings, and shrink a failure to its smallest case')
    .argument('<paths...>', 'spec files or folders, or suite:NAME')
    .option('--target <host:port>', "the server under test (overrides each spec's target:)")
    .option(
      '--client <command>',
      'role: server: the client under test, split into words and run without a shell; {host} {port} are where tcpspec listens',
    )
    .option('--runs <n>', "generated cases per spec (default: the spec's fuzz.runs, else 100)")
    .option('--seed <n>', `the seed (default: ${SEED_ENV}, else the spec's fuzz.seed, else a fresh one)`)
    .option('--path <path>', 'replay the one case a failure printed (with its --seed)')
    .option('--parallel <n>', "cases at once, each on its own connections (default: the spec's fuzz.parallel, else 1)");
  withReporting(command, "write the conversation of each spec's smallest failing case to DIR").action(
    async (paths: string[], opts: FuzzFlags) => {
      const target = opts.target !== undefined ? parseAddress(opts.target, '--target') : undefined;
      const client = opts.client !== undefined ? parseClientOption(opts.client) : undefined;
      const replayArgs = [
        ...(target ? [`--target ${opts.target}`] : []),
        ...(client ? [`--client ${shellWord(client.line)}`] : []),
      ].join(' ');
      const runs = opts.runs !== undefined ? parseCount(opts.runs, '--runs') : undefined;
      const seed = opts.seed !== undefined ? parseSeed(opts.seed, '--seed') : undefined;
      const parallel = opts.parallel !== undefined ? parseCount(opts.parallel, '--parallel') : undefined;
      chooseSeed(seed, undefined); // a malformed TCPSPEC_SEED is a usage error before any spec runs
      if (opts.path !== undefined && seed === undefined)
        throw new UsageError('--path replays a case of one seed; pass --seed too');
      const reporting = reportingOf(opts);
      await runSpecsInSession(cli, 'fuzz', paths, reporting, async (file, context) =>
        reportOfFuzz(
          await fuzzSpecFile(file, {
            ...context,
            ...(target ? { target } : {}),
            ...(client ? { client } : {}),
            ...(replayArgs ? { replayArgs } : {}),
            ...(runs !== undefined ? { runs } : {}),
            ...(seed !== undefined ? { seed } : {}),
            ...(opts.path !== undefined ? { path: opts.path } : {}),
            ...(parallel !== undefined ? { parallel } : {}),
            onProgress: progressPrinter(cli.io.err),
          }),
          reporting,
        ),
      );
    },
  );
}
