/** The peer in the client role: connects to the server under test and plays the conversation. */
import * as net from 'node:net';
import { TargetUnreachableError } from './errors';
import { TargetMissingError } from '../targets/errors';
import type { SourceLocation } from '../errors';
import type { MatchLimits } from '../match/progress';
import { DEFAULT_LIMITS } from '../match/progress';
import { parseListen } from '../spec/listen';
import type { Spec, Step } from '../spec/types';
import type { TargetAddress } from '../targets/target';
import { Transcript } from '../transcript/transcript';
import type { ReadShaper } from './connection';
import { playConversation } from './conversation';
import type { Dialed, StepsOutcome } from './conversation';
import type { LyingSend, SendPlan } from './send-plan';
import { defaultServername } from './transport/tls';

/** Where a named target is, and the SNI name to use for it (`localhost` for ones tcpspec starts). */
export interface ResolvedTarget {
  readonly address: TargetAddress;
  readonly servername?: string;
}

export interface PeerOptions {
  readonly limits?: MatchLimits;
  readonly plan?: SendPlan;
  readonly reader?: ReadShaper;
  /** Lying-length fuzzing: one send written with a length that lies, then held. */
  readonly lie?: LyingSend;
  /** Payload bytes a transcript keeps before it records sizes only. */
  readonly transcriptBytes?: number;
  /**
   * Client role: the SNI name for the spec's own target when its `tls:` gives
   * none (default: the target's host name, none for an IP address).
   */
  readonly servername?: string;
  /** Client role: finds a named target a `connect: { target: NAME }` step asks for. */
  readonly resolveTarget?: (name: string, where: SourceLocation) => Promise<ResolvedTarget>;
}

export interface Conversation extends StepsOutcome {
  readonly transcript: Transcript;
  /** 1-based in the server role. */
  readonly connection?: number;
}

/** Opens a TCP connection within `timeoutMs`, or rejects with TargetUnreachableError naming the address. */
export function connect(address: TargetAddress, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    // Half-open allowed: the other side's FIN must not close our sending direction for us.
    const socket = net.connect({ host: address.host, port: address.port, allowHalfOpen: true });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new TargetUnreachableError({
          host: address.host,
          port: address.port,
          reason: `no answer within ${timeoutMs}ms`,
        }),
      );
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const why =
        err.code === 'ECONNREFUSED'
          ? 'connection refused (is the server running?)'
          : `${err.code ?? ''} ${err.message}`.trim();
      reject(new TargetUnreachableError({ host: address.host, port: address.port, reason: why, cause: err }));
    });
  });
}

export function limitsOf(options: PeerOptions): { limits: MatchLimits; highWater: number } {
  const limits = options.limits ?? DEFAULT_LIMITS;
  // Reading stops a little past the largest unit, so an oversized unit is reported, not waited on.
  return { limits, highWater: limits.maxUnit + 64 * 1024 };
}

function words(a: TargetAddress): string {
  return `${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;
}

/** Connects to `address` and plays `spec` once. Rejects only with TargetUnreachableError (for `main`). */
export async function playAsClient(
  spec: Spec,
  address: TargetAddress,
  options: PeerOptions = {},
): Promise<Conversation> {
  const socket = await connect(address, spec.timeout);
  const transcript = new Transcript(options.transcriptBytes);
  const several = spec.connectionNames.length > 1;
  transcript
    .lane(several ? 'main' : undefined)
    .event(`connected to ${address.host}:${address.port} from ${socket.localAddress}:${socket.localPort}`);
  const { limits, highWater } = limitsOf(options);
  const servername = options.servername ?? defaultServername(address.host);
  const dial = async (step: Step & { kind: 'connect' }): Promise<Dialed> => {
    const other = step.target ? await resolveConnectTarget(step.target, spec, options) : undefined;
    const to = other?.address ?? address;
    const sameTarget = !other || (to.host === address.host && to.port === address.port);
    const s = await connect(to, step.timeout);
    const name = sameTarget ? servername : (other.servername ?? defaultServername(to.host));
    return { socket: s, address: words(to), sameTarget, ...(name !== undefined ? { servername: name } : {}) };
  };
  const outcome = await playConversation(spec, socket, transcript, {
    role: 'client',
    limits,
    highWater,
    ...(options.plan ? { plan: options.plan } : {}),
    ...(options.reader ? { reader: options.reader } : {}),
    ...(options.lie ? { lie: options.lie } : {}),
    ...(servername !== undefined ? { servername } : {}),
    dial,
  });
  return { ...outcome, transcript };
}

/** `HOST:PORT` as written, the spec's own target by name, or another named target. */
async function resolveConnectTarget(
  target: { readonly name: string; readonly loc: SourceLocation },
  spec: Spec,
  options: PeerOptions,
): Promise<ResolvedTarget | undefined> {
  if (spec.target && target.name === spec.target.name) return undefined;
  const literal = /:\d+$/.test(target.name) ? parseListen(target.name) : undefined;
  if (literal) return { address: literal };
  if (!options.resolveTarget) throw new TargetMissingError({ target: target.name, where: target.loc });
  return options.resolveTarget(target.name, target.loc);
}
