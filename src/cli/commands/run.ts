/** `tcpspec run PATH...`: replays each spec once, against --target or the spec's own target. */
import type { Command } from 'commander';
import { formatAddress } from '../../peer/server';
import { parseClientOption } from '../../clients';
import { runSpecFile } from '../../run/run-spec';
import { parseAddress } from '../args';
import type { CliContext } from '../context';
import { reportingOf, withReporting } from '../options';
import type { ReportingFlags } from '../options';
import { reportOfRun } from '../report-cases';
import { runSpecsInSession } from '../session';

interface RunFlags extends ReportingFlags {
  readonly target?: string;
  readonly client?: string;
}

export function registerRun(program: Command, cli: CliContext): void {
  const command = program
    .command('run')
    .description("replay each spec once, against --target or the spec's own target")
    .argument('<paths...>', 'spec files or folders (searched for *.yaml, *.yml), or suite:NAME')
    .option('--target <host:port>', "the server under test (overrides each spec's target:)")
    .option(
      '--client <command>',
      'role: server: the client under test, split into words and run without a shell; {host} {port} are where tcpspec listens',
    );
  withReporting(command, 'write each conversation to DIR as a readable text file per spec').action(
    async (paths: string[], opts: RunFlags) => {
      const target = opts.target !== undefined ? parseAddress(opts.target, '--target') : undefined;
      const client = opts.client !== undefined ? parseClientOption(opts.client) : undefined;
      const reporting = reportingOf(opts);
      await runSpecsInSession(cli, 'run', paths, reporting, async (file, context) =>
        reportOfRun(
          await runSpecFile(file, {
            ...context,
            ...(target ? { target } : {}),
            ...(client ? { client } : {}),
            // A role: server spec announces its bound port, so a client can be pointed at it.
            onListening: (a) => cli.print(`listening on ${formatAddress(a)}`),
          }),
          reporting,
        ),
      );
    },
  );
}
