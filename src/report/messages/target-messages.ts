/**
 * What went wrong reaching the other side, in words: targets that are unknown,
 * missing or would not start (src/targets/errors.ts), addresses that could not
 * be dialled or bound, and clients that never connected (src/peer/errors.ts).
 */
import type { SourceLocation } from '../../errors';
import { formatEndpoint } from '../../net/endpoint';
import type { Endpoint } from '../../net/endpoint';
import { atLocation } from './where';

export function targetUnknownMessage(options: {
  readonly target: string;
  readonly known: readonly string[];
  readonly where: SourceLocation | undefined;
  readonly wanted: 'server' | 'client';
}): string {
  const known = options.known.length > 0 ? options.known.join(', ') : 'none';
  return options.wanted === 'server'
    ? `${atLocation(options.where)}unknown target "${options.target}"; known targets: ${known} (or pass --target HOST:PORT)`
    : `${atLocation(options.where)}"target: ${options.target}" names no client under test; ` +
        `a role: server spec's target must be one of: ${known} (or give client: { command: [...] })`;
}

export function targetMissingMessage(options: {
  readonly file: string;
  readonly target: string | undefined;
  readonly where: SourceLocation | undefined;
}): string {
  return options.target !== undefined
    ? `${atLocation(options.where)}connect.target "${options.target}" names a target, and nothing here can start one; give HOST:PORT`
    : `${options.file}: the spec names no target; add "target: NAME" or pass --target HOST:PORT`;
}

export function targetStartMessage(options: {
  readonly target: string;
  readonly reason: string;
  readonly where: SourceLocation | undefined;
}): string {
  return `${atLocation(options.where)}target "${options.target}" could not be started: ${options.reason}`;
}

export function unreachableMessage(endpoint: Endpoint, reason: string): string {
  return `cannot connect to ${formatEndpoint(endpoint)}: ${reason}`;
}

export function listenMessage(endpoint: Endpoint, reason: string): string {
  return `cannot listen on ${formatEndpoint(endpoint)}: ${reason}`;
}

export function acceptTimeoutMessage(options: {
  readonly file: string;
  readonly address: string;
  readonly waitedMs: number;
  readonly accepted: number;
  readonly wanted: number;
  readonly clientEnded: boolean;
}): string {
  const { file, address, waitedMs, accepted, wanted } = options;
  const count = `${accepted} of ${wanted} connection${wanted === 1 ? '' : 's'} accepted`;
  return options.clientEnded
    ? `${file}: the client under test ended before it connected to ${address} (${count}, after ${waitedMs}ms)`
    : `${file}: no client connected to ${address} within ${waitedMs}ms (${count})`;
}
