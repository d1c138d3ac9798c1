/** The peer in the client role: connects to the server under test and plays the conversation. */
import { TargetMissingError } from '../targets/errors';
import type { SourceLocation } from '../errors';
import type { MatchLimits } from '../match/progress';
import { DEFAULT_LIMITS } from '../match/progress';
import { parseListen } from '../spec/listen';
import type { Dialer } from '../net/carrier';
import { dial as dialCarrier, localName } from '../net/carriers';
import { formatEndpoint, sameEndpoint } from '../net/endpoint';
import type { Endpoint } from '../net/endpoint';
import { defaultServername } from '../net/tls';
import type { Spec, Step } from '../spec/types';
import { Transcript } from '../transcript/transcript';
import type { ReadShaper } from './connection';
import { playConversation } from './conversation';
import type { Dialed, StepsOutcome } from './conversation';
import type { LyingSend, SendPlan } from './send-plan';

/** Where a named target is, and the SNI name to use for it (`localhost` for ones tcpspec starts). */
export interface ResolvedTarget {
  readonly address: Endpoint;
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
  /** Client role: opens the main connection and every `connect:` step's (default: the carrier of the endpoint's kind). */
  readonly dialer?: Dialer;
}

export interface Conversation extends StepsOutcome {
  readonly transcript: Transcript;
  /** 1-based in the server role. */
  readonly connection?: number;
}

export function limitsOf(options: PeerOptions): { limits: MatchLimits; highWater: number } {
  const limits = options.limits ?? DEFAULT_LIMITS;
  // Reading stops a little past the largest unit, so an oversized unit is reported, not waited on.
  return { limits, highWater: limits.maxUnit + 64 * 1024 };
}

/** Connects to `address` and plays `spec` once. Rejects only with TargetUnreachableError (for `main`). */
export async function playAsClient(spec: Spec, address: Endpoint, options: PeerOptions = {}): Promise<Conversation> {
  const dial = options.dialer ?? dialCarrier;
  const socket = await dial(address, spec.timeout);
  const transcript = new Transcript(options.transcriptBytes);
  const several = spec.connectionNames.length > 1;
  transcript
    .lane(several ? 'main' : undefined)
    .event(`connected to ${formatEndpoint(address)} from ${localName(address, socket)}`);
  const { limits, highWater } = limitsOf(options);
  const servername = options.servername ?? defaultServername(address);
  const dialStep = async (step: Step & { kind: 'connect' }): Promise<Dialed> => {
    const other = step.target ? await resolveConnectTarget(step.target, spec, options) : undefined;
    const to = other?.address ?? address;
    const sameTarget = !other || sameEndpoint(to, address);
    const s = await dial(to, step.timeout);
    const name = sameTarget ? servername : (other.servername ?? defaultServername(to));
    return { socket: s, endpoint: to, sameTarget, ...(name !== undefined ? { servername: name } : {}) };
  };
  const outcome = await playConversation(spec, socket, transcript, {
    role: 'client',
    limits,
    highWater,
    ...(options.plan ? { plan: options.plan } : {}),
    ...(options.reader ? { reader: options.reader } : {}),
    ...(options.lie ? { lie: options.lie } : {}),
    ...(servername !== undefined ? { servername } : {}),
    dial: dialStep,
  });
  return { ...outcome, transcript };
}

/** `HOST:PORT` or `unix:PATH` as written, the spec's own target by name, or another named target. */
async function resolveConnectTarget(
  target: { readonly name: string; readonly loc: SourceLocation; readonly address?: Endpoint },
  spec: Spec,
  options: PeerOptions,
): Promise<ResolvedTarget | undefined> {
  if (target.address) return { address: target.address };
  if (spec.target && target.name === spec.target.name) return undefined;
  const literal = /:\d+$/.test(target.name) ? parseListen(target.name) : undefined;
  if (literal) return { address: literal };
  if (!options.resolveTarget) throw new TargetMissingError({ target: target.name, where: target.loc });
  return options.resolveTarget(target.name, target.loc);
}
