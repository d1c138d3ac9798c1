/** `tcpspec serve SPEC`: plays a role: server spec as a mock server for a client the user starts. */
import type { Command } from 'commander';
import { UsageError } from '../../usage-error';
import { formatEndpoint } from '../../net/endpoint';
import { runSpec } from '../../run/run-spec';
import { loadSpecFile } from '../../load/load';
import { parseAddress } from '../args';
import type { CliContext } from '../context';
import { reportOfRun } from '../report-cases';
import { Session } from '../session';

export function registerServe(program: Command, cli: CliContext): void {
  program
    .command('serve')
    .description('play a role: server spec as a mock server for a client under test')
    .argument('<spec>', 'a spec file with role: server')
    .option('--listen <[host:]port|unix:path>', "where to listen (overrides the spec's listen:)")
    .action(async (file: string, opts: { listen?: string }) => {
      const listen = opts.listen !== undefined ? parseAddress(opts.listen, '--listen') : undefined;
      const spec = loadSpecFile(file);
      if (spec.role !== 'server')
        throw new UsageError(
          `${file}: serve plays role: server specs; this one has role: ${spec.role} (use tcpspec run)`,
        );
      // No client under test is started here: the user points their own client at us.
      const { target: _ignored, client: _user, ...asMock } = spec;
      const session = new Session({ io: cli.io, info: { command: 'run' } });
      cli.setStatus(
        await session.runAll([
          {
            name: file,
            run: async (s) =>
              reportOfRun(
                await runSpec(asMock, {
                  pool: s.pool,
                  shutdown: s.shutdown,
                  ...(listen ? { listen } : {}),
                  onListening: (a) => cli.print(`listening on ${formatEndpoint(a)}`),
                }),
                {},
              ),
          },
        ]),
      );
    });
}
