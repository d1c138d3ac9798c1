/**
 * What a step module gets to work with: the spec, the variables, the
 * conversation's named connections and the fuzzer's plan. One module per
 * step kind plays its step through this and nothing else.
 */
import type { StepRef } from '../../errors';
import type { MatchLimits } from '../../match/progress';
import type { VarValue } from '../../spec/template';
import type { Spec, Step, StepKind } from '../../spec/types';
import type { PeerConnection, Wake } from '../connection';
import type { LyingSend, PieceDelivery, SendPlan } from '../send-plan';

export interface Play {
  readonly spec: Spec;
  /** Variables: the spec's, and every capture so far (on any connection). */
  readonly vars: Map<string, VarValue>;
  readonly limits: MatchLimits;
  readonly plan: SendPlan | undefined;
  /** Lying-length fuzzing: the send written with a lying length, then held. */
  readonly lie?: LyingSend | undefined;
  /** Index of the send step after which the FIN of the first `shutdown` goes out early, under a plan that asks. */
  readonly finAfter: number | undefined;
  /** The step as failures and reports name it. */
  ref(step: Step): StepRef;
  /** The connection the step acts on (`on:`); open, or closed by an earlier step. */
  conn(step: Step): PeerConnection;
  /** Send steps played so far: sends of every connection share one sequence (`send #3` is the third of the file). */
  readonly sendsSoFar: number;
  /** Counts `n` more send steps (merged ones too). */
  countSends(n: number): void;
  /** The fuzzer's delivery hook for the connection, when its plan has one. */
  delivery(conn: PeerConnection): PieceDelivery | undefined;
  /** Client role: opens the connection a `connect` step names. */
  connect(step: Step & { kind: 'connect' }): Promise<PeerConnection>;
  /** Server role: waits, within the step's timeout, for the next client, and names it. */
  accept(step: Step & { kind: 'accept' }): Promise<PeerConnection>;
  /** Server or client role: the side of the TLS handshake we take. */
  readonly role: 'client' | 'server';
  /** Client role: the SNI name for the main target when the spec gives none. */
  readonly servername: string | undefined;
}

/**
 * A step that waits for bytes on one connection, without a promise: the
 * conversation asks it again on each arrival, end, error or close there, and
 * once its deadline passed (`connection.watch`).
 */
export interface BytesWait {
  readonly conn: PeerConnection;
  /** The performance.now() time by which the step must be done. */
  readonly deadline: number;
  /** Looks again: the index of the next step once done, undefined to keep waiting; throws the step's error. */
  retry(wake: Wake): number | undefined;
}

/**
 * Plays the step at index `i` and returns the index of the next step to play
 * (past any steps it played along, like merged sends). Returns a number, not
 * a promise, when the step is done at once, and a BytesWait when it only
 * waits for bytes: in a request/response exchange the promises per step were
 * much of tcpspec's own cost. Anything else it may do as a promise.
 */
export type StepPlayer<K extends StepKind> = (
  play: Play,
  step: Step & { readonly kind: K },
  i: number,
) => number | Promise<number> | BytesWait;
