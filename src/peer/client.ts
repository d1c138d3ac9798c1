/** The peer in the client role: connects to the server under test and plays the steps. */
import * as net from 'node:net';
import { TargetUnreachableError } from '../errors';
import type { MatchLimits } from '../match/progress';
import { DEFAULT_LIMITS } from '../match/progress';
import type { Spec } from '../spec/types';
import type { TargetAddress } from '../targets/target';
import { Transcript } from '../transcript/transcript';
import { PeerConnection } from './connection';
import type { ReadShaper } from './connection';
import { runSteps } from './run-steps';
import type { SendPlan, StepsOutcome } from './run-steps';

export interface PeerOptions {
  readonly limits?: MatchLimits;
  readonly plan?: SendPlan;
  readonly reader?: ReadShaper;
  /** Payload bytes a transcript keeps before it records sizes only. */
  readonly transcriptBytes?: number;
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
      reject(new TargetUnreachableError(address.host, address.port, `no answer within ${timeoutMs}ms`));
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
      reject(new TargetUnreachableError(address.host, address.port, why));
    });
  });
}

export function limitsOf(options: PeerOptions): { limits: MatchLimits; highWater: number } {
  const limits = options.limits ?? DEFAULT_LIMITS;
  // Reading stops a little past the largest unit, so an oversized unit is reported, not waited on.
  return { limits, highWater: limits.maxUnit + 64 * 1024 };
}

/** Connects to `address` and plays `spec` once. Rejects only with TargetUnreachableError. */
export async function playAsClient(
  spec: Spec,
  address: TargetAddress,
  options: PeerOptions = {},
): Promise<Conversation> {
  const socket = await connect(address, spec.timeout);
  const transcript = new Transcript(options.transcriptBytes);
  transcript.event(`connected to ${address.host}:${address.port} from ${socket.localAddress}:${socket.localPort}`);
  const { limits, highWater } = limitsOf(options);
  const conn = new PeerConnection(socket, transcript, { highWater }, options.reader);
  const outcome = await runSteps(spec, conn, { limits, ...(options.plan ? { plan: options.plan } : {}) });
  return { ...outcome, transcript };
}
