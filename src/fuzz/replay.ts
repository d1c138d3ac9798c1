/**
 * The command line that replays a fuzz failure: it names the spec, the seed
 * and the path, and every option that chose what the spec ran against
 * (`--target`, `--client`), and for a fuzz case how its pieces were
 * delivered when that was forced (`--delivery timed`), so pasted as it is it
 * runs the same case against the same peer.
 */
import { shellWord } from '../clients/words';
import { UsageError } from '../usage-error';
import type { ClientCommandLine } from '../clients/client-for-spec';
import { formatEndpoint } from '../net/endpoint';
import type { Endpoint } from '../net/endpoint';
import type { DeliveryChoice } from './delivery/delivery';

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

/**
 * The replay of one case: `run` for the plain exchange (empty path), else
 * `fuzz` with the seed and path, and `--delivery timed` when the case ran
 * under forced timed gaps: a slow reader's stall then lasts its full time,
 * which read-confirmed delivery would cut short, so the case would not fail
 * the same way.
 */
export function replayCommand(
  file: string,
  seed: number,
  path: string,
  args: string,
  delivery: DeliveryChoice = 'auto',
): string {
  const tail = args ? ` ${args}` : '';
  const fileWord = shellWord(file);
  const deliveryWords = delivery === 'timed' ? ' --delivery timed' : '';
  return path === ''
    ? `npx tcpspec run ${fileWord}${tail}`
    : `npx tcpspec fuzz ${fileWord} --seed ${seed} --path ${path}${deliveryWords}${tail}`;
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
