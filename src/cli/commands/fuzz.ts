/** `tcpspec fuzz PATH...`: replays each spec under generated chunkings and shrinks a failure. */
import type { Command } from 'commander';
import { UsageError } from '../../usage-error';
import { fuzzSpecFileWithFields } from '../../fuzz/lying/fuzz-fields';
import { chooseSeed, SEED_ENV } from '../../fuzz/seed';
import { progressPrinter } from '../../report/fuzz-report';
import { parseCount, parseDelivery, parsePath, parseSeed } from '../args';
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
  readonly delivery?: string;
  readonly fields?: boolean;
  readonly case?: string;
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
    .option('--parallel <n>', "cases at once, each on its own connections (default: the spec's fuzz.parallel, else 1)")
    .option(
      '--delivery <auto|timed>',
      'how split pieces reach the other side: auto (reads confirmed through the kernel where it can tell) or timed (fixed gaps, and a slow reader that stalls its full time)',
    )
    .option(
      '--fields',
      'lying lengths only: each length field of each struct send lies, one case each (--runs does not apply)',
    )
    .option('--case <n>', 'with --fields: replay the one lying-length case a failure printed');
  withReporting(command, "write the conversation of each spec's smallest failing case to DIR").action(
    async (paths: string[], opts: FuzzFlags) => {
      const underTest = underTestOf(opts);
      const runs = opts.runs !== undefined ? parseCount(opts.runs, '--runs') : undefined;
      const seed = opts.seed !== undefined ? parseSeed(opts.seed, '--seed') : undefined;
      const parallel = opts.parallel !== undefined ? parseCount(opts.parallel, '--parallel') : undefined;
      const delivery = opts.delivery !== undefined ? parseDelivery(opts.delivery, '--delivery') : undefined;
      const replayPath = opts.path !== undefined ? parsePath(opts.path, '--path') : undefined;
      chooseSeed(seed, undefined); // a malformed TCPSPEC_SEED is a usage error before any spec runs
      if (replayPath !== undefined && seed === undefined)
        throw new UsageError('--path replays a case of one seed; pass --seed too');
      const lyingCase = opts.case !== undefined ? parseCount(opts.case, '--case') : undefined;
      if (lyingCase !== undefined && !opts.fields)
        throw new UsageError('--case replays a lying-length case; pass --fields too');
      if (opts.fields && delivery !== undefined)
        throw new UsageError(
          '--delivery shapes chunking cases; a lying-length case (--fields) waits for the server to read wherever the kernel shows it',
        );
      if (opts.fields && replayPath !== undefined)
        throw new UsageError('--path replays a chunking case; a lying-length case is named by --fields --case N');
      const reporting = reportingOf(opts);
      const printProgress = progressPrinter(cli.io.err);
      await runSpecsInSession(cli, 'fuzz', paths, reporting, async (file, { noteProgress, ...context }) => {
        noteProgress('no fuzz case had finished');
        const result = await fuzzSpecFileWithFields(file, {
          ...context,
          ...underTest,
          ...(runs !== undefined ? { runs } : {}),
          ...(seed !== undefined ? { seed } : {}),
          ...(replayPath !== undefined ? { path: replayPath } : {}),
          ...(parallel !== undefined ? { parallel } : {}),
          ...(delivery !== undefined ? { delivery } : {}),
          ...(opts.fields ? { fields: true } : {}),
          ...(lyingCase !== undefined ? { case: lyingCase } : {}),
          onProgress: (p) => {
            printProgress(p);
            noteProgress(
              `${p.done} of ${p.total} fuzz case${p.total === 1 ? '' : 's'} had run${p.shrinking ? ', a failure was being shrunk' : ''}`,
            );
          },
        });
        // A path this spec has no case for is a usage error like a malformed one: nothing was replayed.
        if ((replayPath !== undefined || lyingCase !== undefined) && result.error instanceof UsageError)
          throw result.error;
        return reportOfFuzz(result, reporting);
      });
    },
  );
}
