/** Options several commands share, added and read in one place. */
import type { Command } from 'commander';
import { findSpecs } from '../run/discover';
import { selectShard } from '../run/shard';
import type { Shard } from '../run/shard';
import { parseClientOption } from '../clients';
import type { ClientCommandLine } from '../clients';
import type { Endpoint } from '../net/endpoint';
import { parseShard, parseTarget } from './args';
import { collect, parseReporterOptions } from './reporter-options';
import type { ReportOutput } from './reporter-options';
import { REPORTERS } from '../report/registry';

export interface UnderTestFlags {
  readonly target?: string;
  readonly client?: string;
}

/** What a spec is run against: the server (`--target`) or the client (`--client`) under test, each only when given. */
export interface UnderTest {
  readonly target?: Endpoint;
  readonly client?: ClientCommandLine;
}

export interface ReportingFlags {
  readonly reporter?: string[];
  readonly output?: string[];
  readonly transcript?: string;
  readonly shard?: string;
}

/** What a command writes besides the human report on stdout. */
export interface Reporting {
  readonly outputs: readonly ReportOutput[];
  readonly transcriptDir?: string;
  readonly shard?: Shard;
}

const fileReporters = (): string =>
  REPORTERS.filter((r) => r.writesFile)
    .map((r) => r.name)
    .join('|');

/** `--reporter`, `--output`, `--shard`, and `--transcript` with its command's wording. */
export function withReporting(command: Command, transcriptHelp: string): Command {
  return command
    .option(
      '--reporter <name>',
      `human (always on stdout), ${fileReporters()}; repeatable, each with its own --output`,
      collect,
    )
    .option('--output <file>', `the file for the ${fileReporters()} --reporter before it (in order)`, collect)
    .option('--transcript <dir>', transcriptHelp)
    .option('--shard <i/n>', 'run only shard I of N: spec file k (sorted by path) goes to shard (k mod N) + 1');
}

/** `--target` and `--client`, worded alike for every command that runs specs. */
export function withUnderTest(command: Command): Command {
  return command
    .option('--target <host:port>', "the server under test, or unix:PATH (overrides each spec's target:)")
    .option(
      '--client <command>',
      'role: server: the client under test, split into words and run without a shell; {host} {port} are where tcpspec listens',
    );
}

/** `--target` and `--client` parsed; a key is there only when its option was given, so the result spreads into run options. */
export function underTestOf(flags: UnderTestFlags): UnderTest {
  return {
    ...(flags.target !== undefined ? { target: parseTarget(flags.target, '--target') } : {}),
    ...(flags.client !== undefined ? { client: parseClientOption(flags.client) } : {}),
  };
}

export function reportingOf(flags: ReportingFlags): Reporting {
  return {
    outputs: parseReporterOptions(flags.reporter ?? [], flags.output ?? []),
    ...(flags.transcript !== undefined ? { transcriptDir: flags.transcript } : {}),
    ...(flags.shard !== undefined ? { shard: parseShard(flags.shard) } : {}),
  };
}

/** Each spec file under `paths` (suites resolved) with its collection root, only shard `shard`'s when given. */
export function specsOf(paths: readonly string[], shard?: Shard): { file: string; root: string }[] {
  const all = findSpecs(paths);
  return shard ? selectShard(all, shard) : all;
}
