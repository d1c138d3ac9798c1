/** `tcpspec matrix FILE`: runs a spec collection against several implementations and prints the table. */
import type { Command } from 'commander';
import { TcpspecError } from '../../errors';
import { UsageError } from '../../usage-error';
import { fuzzSpecFile } from '../../fuzz/fuzz-spec';
import { formatLocation } from '../../report/messages/where';
import { matrixGrid, placeInMatrix } from '../../matrix/cells';
import { loadMatrixFile } from '../../matrix/load';
import type { Implementation } from '../../matrix/load';
import { progressPrinter } from '../../report/fuzz-report';
import type { Endpoint } from '../../net/endpoint';
import { targetWord } from '../../fuzz/replay';
import { runSpecFile } from '../../run/run-spec';
import { selectShard } from '../../run/shard';
import { TargetPool } from '../../targets/pool';
import { parseCount } from '../args';
import { builtinCatalog } from '../catalog';
import type { CliContext } from '../context';
import { reportingOf, withReporting } from '../options';
import type { ReportingFlags } from '../options';
import { reportOfFuzz, reportOfRun } from '../report-cases';
import type { Reported } from '../report-cases';
import { Session } from '../session';

interface MatrixFlags extends ReportingFlags {
  readonly fuzz?: boolean;
  readonly runs?: string;
}

async function addressOf(impl: Implementation, session: Session): Promise<Endpoint> {
  if ('address' in impl.target) return impl.target.address;
  const started = await session.pool.start(impl.target.name, impl.loc);
  return { host: started.host, port: started.port };
}

export function registerMatrix(program: Command, cli: CliContext): void {
  const command = program
    .command('matrix')
    .description('run a spec collection against several implementations and print the table (spec × implementation)')
    .argument('<file>', 'a matrix file (*.matrix.yaml)')
    .option('--fuzz', 'fuzz every cell instead of running it once')
    .option('--runs <n>', "with --fuzz: generated cases per spec (default: the spec's fuzz.runs)");
  withReporting(command, 'write the conversation of each cell to DIR').action(
    async (file: string, opts: MatrixFlags) => {
      const runs = opts.runs !== undefined ? parseCount(opts.runs, '--runs') : undefined;
      if (runs !== undefined && !opts.fuzz) throw new UsageError('--runs counts fuzz cases; pass --fuzz too');
      const reporting = reportingOf(opts);
      const matrix = loadMatrixFile(file);
      const specs = reporting.shard ? selectShard(matrix.specs, reporting.shard) : [...matrix.specs];
      const session = new Session({
        io: cli.io,
        info: { command: 'matrix', matrixFile: file, ...(reporting.shard ? { shard: reporting.shard } : {}) },
        outputs: reporting.outputs,
      });
      // Checked before anything starts: the pool itself exists only while the session runs.
      const known = new TargetPool(await builtinCatalog()).knownNames();
      for (const impl of matrix.implementations) {
        if ('name' in impl.target && !known.includes(impl.target.name))
          throw new UsageError(
            `${formatLocation(impl.loc)}: implementation ${impl.name}: unknown target "${impl.target.name}"; known targets: ${known.join(', ')} (or HOST:PORT, or unix:PATH)`,
          );
      }
      const jobs = matrix.implementations.flatMap((impl) =>
        specs.map((spec) => ({
          name: `${impl.name}: ${spec.relative}`,
          run: async (s: Session): Promise<Reported> => {
            const expectFail = impl.expectFail.get(spec.relative);
            const common = { pool: s.pool, shutdown: s.shutdown, root: spec.root };
            let reported: Reported;
            try {
              const target = await addressOf(impl, s);
              reported = opts.fuzz
                ? reportOfFuzz(
                    await fuzzSpecFile(spec.file, {
                      ...common,
                      target,
                      replayArgs: `--target ${targetWord(target)}`,
                      ...(runs !== undefined ? { runs } : {}),
                      onProgress: progressPrinter(cli.io.err),
                    }),
                    reporting,
                  )
                : reportOfRun(await runSpecFile(spec.file, { ...common, target }), reporting);
            } catch (err) {
              // A target that does not start is that implementation's cell: an error (exit 2), not a crash.
              if (!(err instanceof TcpspecError)) throw err;
              reported = reportOfRun(
                {
                  file: spec.file,
                  name: spec.file,
                  status: 'error',
                  ok: false,
                  durationMs: 0,
                  failure: err,
                  conversations: [],
                },
                reporting,
              );
            }
            return { ...reported, report: placeInMatrix(reported.report, impl.name, spec.relative, expectFail) };
          },
        })),
      );
      cli.setStatus(
        await session.runAll(jobs, (reports) =>
          matrixGrid(
            matrix,
            specs.map((s) => s.relative),
            reports,
          ),
        ),
      );
    },
  );
}
