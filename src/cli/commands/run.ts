/** `tcpspec run PATH...`: replays each spec once, against --target or the spec's own target. */
import type { Command } from 'commander';
import { formatEndpoint } from '../../net/endpoint';
import { runSpecFile } from '../../run/run-spec';
import type { CliContext } from '../context';
import { reportingOf, underTestOf, withReporting, withUnderTest } from '../options';
import type { ReportingFlags, UnderTestFlags } from '../options';
import { reportOfRun } from '../report-cases';
import { runSpecsInSession } from '../session';

type RunFlags = ReportingFlags & UnderTestFlags;

export function registerRun(program: Command, cli: CliContext): void {
  const command = program
    .command('run')
    .description("replay each spec once, against --target or the spec's own target")
    .argument('<paths...>', 'spec files or folders (searched for *.yaml, *.yml), or suite:NAME');
  withReporting(withUnderTest(command), 'write each conversation to DIR as a readable text file per spec').action(
    async (paths: string[], opts: RunFlags) => {
      const underTest = underTestOf(opts);
      const reporting = reportingOf(opts);
      await runSpecsInSession(cli, 'run', paths, reporting, async (file, { pool, shutdown, root }) =>
        reportOfRun(
          await runSpecFile(file, {
            pool,
            shutdown,
            root,
            ...underTest,
            // A role: server spec announces its bound port, so a client can be pointed at it; on
            // stderr, beside the progress, so stdout holds only results.
            onListening: (a) => void cli.io.err.write(`listening on ${formatEndpoint(a)}\n`),
          }),
          reporting,
        ),
      );
    },
  );
}
