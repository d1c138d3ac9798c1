/**
 * The command line that replays a fuzz failure: it names the spec, the seed
 * and the path, and every option that chose what the spec ran against
 * (`--target`, `--client`), so pasted as it is it runs the same case against
 * the same peer.
 */
import { shellWord } from '../clients/words';
import { UsageError } from '../usage-error';
import type { ClientCommandLine } from '../clients/client-for-spec';
import { formatEndpoint } from '../net/endpoint';
import type { Endpoint } from '../net/endpoint';

export interface UnderTestOptions {
  readonly target?: Endpoint;
  readonly client?: ClientCommandLine;
}

/** A `--target` value as a shell word: a socket path may hold anything; a TCP address is written as it always was. */
export function targetWord(target: Endpoint): string {
  return 'path' in target ? shellWord(formatEndpoint(target)) : formatEndpoint(target);
}

/** `--target HOST:PORT --client '...'`, each only when it was given; empty when neither was. */
export function replayArgsOf(o: UnderTestOptions): string {
  return [
    ...(o.target ? [`--target ${targetWord(o.target)}`] : []),
    ...(o.client ? [`--client ${shellWord(o.client.line)}`] : []),
  ].join(' ');
}

/** The replay of one case: `run` for the plain exchange (empty path), else `fuzz` with the seed and path. */
export function replayCommand(file: string, seed: number, path: string, args: string): string {
  const tail = args ? ` ${args}` : '';
  const fileWord = shellWord(file);
  return path === ''
    ? `npx tcpspec run ${fileWord}${tail}`
    : `npx tcpspec fuzz ${fileWord} --seed ${seed} --path ${path}${tail}`;
}

/**
 * fast-check cannot walk a path this spec's cases do not have (one of another
 * spec or seed): a UsageError naming the spec and seed; any other error as it was.
 */
export function replayPathError(err: unknown, path: string | undefined, file: string, seed: number): unknown {
  if (path === undefined || !(err instanceof Error) || !err.message.startsWith('Unable to replay')) return err;
  return new UsageError(
    `--path ${path} is no case of ${file} with seed ${seed}: copy the seed and path its failure printed`,
  );
}
