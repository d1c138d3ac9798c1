/**
 * Which client under test a `role: server` spec starts: `--client` wins, then
 * the spec's `client.command`, then an embedded client named by `target:`;
 * with none, tcpspec waits for outside clients (as `tcpspec serve` does).
 */
import * as path from 'node:path';
import { formatLocation } from '../report/messages/where';
import { TargetUnknownError } from '../targets/errors';
import { UsageError } from '../usage-error';
import type { ListenAddress, Spec } from '../spec/types';
import { renderTemplate } from '../spec/template';
import type { Vars } from '../spec/template';
import type { ClientUnderTest } from '../targets/target';
import { commandClient } from './command-client';
import { embeddedClient } from './embedded-client';
import { fillBraces, listenVars } from './listen-vars';
import type { ClientExpectation, JudgedClient } from './judge';
import type { ClientLauncher } from './types';
import { splitWords } from './words';

/** `--client "CMD ..."` as given on the command line: its words, run in the caller's folder. */
export interface ClientCommandLine {
  readonly line: string;
  readonly words: readonly string[];
  readonly cwd: string;
}

/** Splits `--client`'s value into words (no shell); a UsageError says what is wrong with it. */
export function parseClientOption(line: string, cwd: string = process.cwd()): ClientCommandLine {
  const split = splitWords(line);
  if ('error' in split) throw new UsageError(`--client ${JSON.stringify(line)}: ${split.error}`);
  return { line, words: split.words, cwd };
}

/** The client a spec starts, how it is named in messages, and what it must do. */
export interface ChosenClient extends JudgedClient {
  readonly launcher: ClientLauncher;
  readonly expected: ClientExpectation;
}

/** Variables a client's command and stdout see: the spec's `vars:` and where tcpspec listens. */
export function clientVars(spec: Spec, address: ListenAddress): Vars {
  return new Map([...Object.entries(spec.vars), ...Object.entries(listenVars(address))]);
}

/** The sum of the step timeouts: how long a client may run when nothing says otherwise. */
function stepsTime(spec: Spec): number {
  return spec.steps.reduce((total, s) => total + s.timeout, 0);
}

export function chooseClient(
  spec: Spec,
  commandLine: ClientCommandLine | undefined,
  embedded: (name: string) => ClientUnderTest | undefined,
  knownNames: () => readonly string[],
): ChosenClient | undefined {
  const c = spec.client;
  const expected: ClientExpectation = { exit: c?.exit ?? 0, ...(c?.stdout ? { stdout: c.stdout } : {}) };
  const timeoutMs = c?.timeout ?? stepsTime(spec);
  if (commandLine) {
    const where = `${spec.file} (--client)`;
    const launcher = commandClient({
      argv: (a) => commandLine.words.map((w) => fillBraces(w, a)),
      description: commandLine.line,
      cwd: commandLine.cwd,
      timeoutMs,
      where,
    });
    return { launcher, expected, where, description: commandLine.line };
  }
  if (c?.command) {
    const words = c.command;
    const where = formatLocation(c.loc);
    const description = words.map((w) => w.source).join(' ');
    const launcher = commandClient({
      argv: (a) => words.map((w) => renderTemplate(w, clientVars(spec, a))),
      description,
      cwd: path.dirname(path.resolve(spec.file)),
      timeoutMs,
      where,
    });
    return { launcher, expected, where, description };
  }
  if (spec.target) {
    const client = embedded(spec.target.name);
    if (!client)
      throw new TargetUnknownError({
        target: spec.target.name,
        known: knownNames(),
        where: spec.target.loc,
        wanted: 'client',
      });
    return { launcher: embeddedClient(client, timeoutMs), expected, where: spec.file, description: client.name };
  }
  if (c)
    throw new UsageError(
      `${formatLocation(c.loc)}: client: has no command; add command: [PROGRAM, ARGS...] or pass --client "CMD ..."`,
    );
  return undefined;
}
