/**
 * How one fuzz case's pieces reach the other side, connection by connection:
 * read-confirmed where the other side's socket can be observed on this host
 * (a TCP or a Unix socket: peer-watch.ts),
 * timed gaps where it cannot (probed once per connection, with the reason).
 * Also the slow reader's stall, by observation where possible. Records what
 * happened, so the report can say how each split was delivered.
 */
import type { Socket } from 'node:net';
import type { PieceDelivery } from '../../peer/send-plan';
import { stallUntil } from './backpressure';
import type { StallEnd } from './backpressure';
import { sharedDiagnostics, watchPeer } from './peer-watch';
import type { Diagnostics, PeerWatch } from './peer-watch';
import { awaitOutcome } from './read-confirmed';
import type { ReadOutcome } from './read-confirmed';
import { MIN_TIMED_GAP_MS, timedPause } from './timed';

export type DeliveryMode = 'read-confirmed' | 'timed';

/** How delivery is chosen: observed where possible, or timed gaps always. */
export type DeliveryChoice = 'auto' | 'timed';

/** The bound on waiting for the other side to read one piece. */
export const CONFIRM_CAP_MS = 500;

export interface DeliverySettings {
  readonly choice: DeliveryChoice;
  /** The timed gap (at least MIN_TIMED_GAP_MS). */
  readonly gapMs: number;
  /** The bound per piece in read-confirmed mode. */
  readonly capMs: number;
}

/** What happened to the pieces of one send (over every connection of the case). */
export interface SendDelivery {
  /** 1-based, counting send steps. */
  readonly ordinal: number;
  readonly pieces: number;
  /** Pieces the other side was seen to read before the next was written. */
  readonly confirmed: number;
  /** Pieces still unread when the cap passed (or written after that, without waiting). */
  readonly unconfirmed: number;
  /** Pieces written after the other side's connection was gone. */
  readonly gone: number;
  /** Pieces delivered with timed gaps, unobserved. */
  readonly timed: number;
}

export interface StallRecord {
  readonly end: StallEnd | 'timed';
  readonly afterMs: number;
}

/** How one case was delivered. */
export interface DeliveryReport {
  readonly mode: DeliveryMode;
  /** Why timed gaps were used, when they were. */
  readonly why?: string;
  readonly capMs: number;
  readonly gapMs: number;
  readonly sends: readonly SendDelivery[];
  /** The slow reader's first stall, when the plan had one. */
  readonly stall?: StallRecord;
}

/** Whether some split's pieces could not be confirmed apart (the case proves less than it says). */
export function unconfirmedSplit(report: DeliveryReport): boolean {
  return report.sends.some((s) => s.pieces > 1 && s.unconfirmed > 0);
}

type Probe = { readonly watch: PeerWatch } | { readonly why: string };

type MutableSend = { -readonly [K in keyof SendDelivery]: SendDelivery[K] };

/** One case's delivery: hand `on(conn)` to the peer per connection, read `report()` afterwards. */
export class CaseDelivery {
  private mode: DeliveryMode | undefined;
  private why: string | undefined;
  private readonly sends = new Map<number, MutableSend>();
  private stall: StallRecord | undefined;

  private readonly diagnostics: Diagnostics;

  /** `diagnostics`: where the kernel's views come from (tests hand in stand-ins); the process's shared ones by default. */
  constructor(
    readonly settings: DeliverySettings,
    diagnostics: Partial<Diagnostics> = {},
  ) {
    this.diagnostics = { ...sharedDiagnostics, ...diagnostics };
  }

  /** Looks the other side's socket up once; the first connection's answer is the case's mode. */
  probe(socket: Socket): Probe {
    const probe = this.probeOnce(socket);
    if (this.mode === undefined) {
      this.mode = 'watch' in probe ? 'read-confirmed' : 'timed';
      if ('why' in probe) this.why = probe.why;
    }
    return probe;
  }

  private probeOnce(socket: Socket): Probe {
    if (this.settings.choice === 'timed') return { why: 'timed gaps were asked for' };
    const watch = watchPeer(socket, this.diagnostics);
    return 'why' in watch ? watch : { watch };
  }

  /**
   * The per-connection hook the peer calls after writing each piece. `socket`
   * is the carrier's socket (TCP or Unix), under any TLS: the other side's
   * kernel counts the bytes on the wire, so inside TLS what it must have read
   * is that socket's bytes written (records and handshake included), not the
   * plaintext the peer sent.
   */
  on(conn: { readonly socket: Socket }): PieceDelivery {
    let probe: Probe | undefined;
    /** Sends whose cap passed: their remaining pieces go without waiting. */
    const given = new Set<number>();
    return {
      afterPiece: (ordinal, piece, pieces) => {
        probe ??= this.probe(conn.socket);
        const record = this.record(ordinal, pieces, piece);
        if ('why' in probe) {
          record.timed += 1;
          return timedPause(this.settings.gapMs, piece, pieces);
        }
        if (given.has(ordinal)) {
          record.unconfirmed += 1;
          return undefined;
        }
        const count = (outcome: ReadOutcome): void => {
          // Our own side closing (the case already failed) says nothing about the other side.
          if (outcome !== 'read' && conn.socket.destroyed) return;
          if (outcome === 'read') record.confirmed += 1;
          else if (outcome === 'gone') record.gone += 1;
          else {
            record.unconfirmed += 1;
            given.add(ordinal);
          }
        };
        const watch = probe.watch;
        const outcome = awaitOutcome(
          () => watch.readOutcome(),
          this.settings.capMs,
          () => conn.socket.destroyed,
        );
        if (typeof outcome === 'string') {
          count(outcome);
          return undefined;
        }
        return outcome.then(count);
      },
    };
  }

  /** The slow reader's stall on `socket`: until the other side is blocked (at most capMs), or capMs when unobservable. */
  stallFor(socket: Socket, capMs: number): number | Promise<unknown> {
    const probe = this.probe(socket);
    if ('why' in probe) {
      this.stall ??= { end: 'timed', afterMs: capMs };
      return capMs;
    }
    return stallUntil(
      () => probe.watch.queues(),
      capMs,
      () => socket.readableLength,
    ).then((o) => {
      this.stall ??= o;
    });
  }

  private record(ordinal: number, pieces: number, piece: number): MutableSend {
    let r = this.sends.get(ordinal);
    if (!r) {
      r = { ordinal, pieces: 0, confirmed: 0, unconfirmed: 0, gone: 0, timed: 0 };
      this.sends.set(ordinal, r);
    }
    // Over several connections the counts add up; `pieces` is per connection.
    if (piece === 0) r.pieces = pieces;
    return r;
  }

  report(): DeliveryReport {
    return {
      mode: this.mode ?? (this.settings.choice === 'timed' ? 'timed' : 'read-confirmed'),
      ...(this.why !== undefined ? { why: this.why } : {}),
      capMs: this.settings.capMs,
      gapMs: Math.max(MIN_TIMED_GAP_MS, this.settings.gapMs),
      sends: [...this.sends.values()].sort((a, b) => a.ordinal - b.ordinal),
      ...(this.stall ? { stall: this.stall } : {}),
    };
  }
}
