/** `tcpspec fuzz PATH...`: replays each spec under generated chunkings and shrinks a failure. */
import type { Command } from 'commander';
import { UsageError } from '../../errors';
import { shellWord } from '../../clients';
import { fuzzSpecFile } from '../../fuzz/fuzz-spec';
import { chooseSeed, SEED_ENV } from '../../fuzz/seed';
import { progressPrinter } from '../../report/fuzz-report';
import { parseCount, parseSeed } from '../args';
import type { CliContext } from '../context';
import { reportingOf, underTestOf, withReporting, withUnderTest } from '../options';
import type { ReportingFlags, UnderTestFlags } from '../options';
import { reportOfFuzz } from '../report-cases';
import { runSpecsInSession } from '../session';

interface FuzzFlags extends ReportingFlags, UnderTestFlags {
  readonly runs?: string;
  readonly seed?: string;
  readonly path?: string;
  readonly parallel?: string;
}

export function registerFuzz(program: Command, cli: CliContext): void {
  const command = withUnderTest(
    program
      .command('fuzz')
      .description('replay each spec under generated chunkings, and shrink a failure to its smallest case')
      .argument('<paths...>', 'spec files or folders, or suite:NAME'),
  )
    .option('--runs <n>', "generated cases per spec (default: the spec's fuzz.runs, else 100)")
    .option('--seed <n>', `the seed (default: ${SEED_ENV}, else the spec's fuzz.seed, else a fresh one)`)
    .option('--path <path>', 'replay the one case a failure printed (with its --seed)')
    .option('--parallel <n>', "cases at once, each on its own connections (default: the spec's fuzz.parallel, else 1)");
  withReporting(command, "write the conversation of each spec's smallest failing case to DIR").action(
    async (paths: string[], opts: FuzzFlags) => {
      const underTest = underTestOf(opts);
      const replayArgs = [
        ...(underTest.target ? [`--target ${opts.target}`] : []),
        ...(underTest.client ? [`--client ${shellWord(underTest.client.line)}`] : []),
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
            ...underTest,
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
