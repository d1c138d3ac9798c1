/**
 * The seam between the fuzzer and the peer: how one run's sends are
 * reshaped. The peer only asks; planning (which sends merge, where a FIN may
 * move, how pieces are delivered) lives in src/fuzz/.
 */
import type { Step } from '../spec/types';
import type { LengthLie } from '../struct/encode';
import type { PeerConnection } from './connection';
import type { SendPiece } from './outgoing';

/** How the fuzzer reshapes the sends of one run; absent in a plain run. */
export interface SendPlan {
  /**
   * The send steps written together with the send step at index `i` (send
   * number `ordinal`, 1-based, counting send steps of every connection): their
   * indexes, in order, each after `i` with only `sleep` steps between. The
   * peer stops merging at the first one on another connection or marked
   * `fuzz: false`: those are never merged.
   */
  mergedSends(steps: readonly Step[], i: number, ordinal: number): readonly number[];
  /**
   * The pieces to write send number `ordinal` (after merging: the first of
   * the group) of `length` bytes in. Not asked for a `fuzz: false` send,
   * which is written whole.
   */
  pieces(ordinal: number, length: number): SendPiece[];
  /** Milliseconds to wait, after the data left, before a `shutdown` sends its FIN. */
  beforeShutdown?(): number;
  /**
   * The index of the send step right behind which the FIN of the first
   * `shutdown` goes out (on that send's connection), ahead of the
   * expectations in between; undefined to leave the FIN where the spec has it.
   */
  earlyFinAfter?(steps: readonly Step[]): number | undefined;
  /** Called once per connection when it opens; the hook it returns runs after each piece is written. */
  deliveryOn?(conn: PeerConnection): PieceDelivery;
}

/** What happens after each written piece: a promise holds the next write back until it settles. */
export interface PieceDelivery {
  afterPiece(ordinal: number, piece: number, pieces: number): Promise<void> | undefined;
}

/**
 * Lying-length fuzzing (src/fuzz/lying/): the send step at index `step` is
 * written with one length field lying, whole, never merged; the step then
 * holds the conversation, with the liar open and idle, until `hold` settles.
 */
export interface LyingSend {
  readonly step: number;
  readonly lie: LengthLie;
  /** Called once the lying bytes were handed to the socket. */
  hold(conn: PeerConnection): Promise<void>;
}
