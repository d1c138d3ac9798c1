/**
 * A conversation as it happened: who sent which bytes when, on which
 * connection, inside TLS or not, and what each step did. Bounded: past
 * `maxBytes` of kept payload only sizes are recorded, so a 1 GiB exchange
 * leaves a small transcript.
 */

/** What a TLS handshake agreed, as shown in transcripts and reports. */
export interface TlsHandshakeInfo {
  readonly version: string;
  readonly cipher: string;
  /** The ALPN protocol agreed, if any. */
  readonly alpn?: string;
  /** The SNI name asked for (client role) or received (server role), if any. */
  readonly servername?: string;
  /** Whether the other side's certificate was verified (client role with `verify`). */
  readonly verified?: boolean;
}

interface Lane {
  /**
   * The connection's name, in a spec with several connections; absent when
   * the spec has one, so single-connection transcripts read as they always did.
   */
  readonly connection?: string;
}

export type TranscriptEvent =
  | (Lane & {
      readonly t: number;
      readonly type: 'sent' | 'received';
      readonly bytes: Buffer;
      readonly size: number;
      /** Application data inside TLS: the plaintext, as the two applications see it. */
      readonly tls?: true;
    })
  | (Lane & {
      readonly t: number;
      readonly type: 'step';
      readonly index: number;
      readonly kind: string;
      readonly outcome: 'start' | 'pass' | 'fail';
      readonly note?: string;
    })
  | (Lane & {
      readonly t: number;
      readonly type: 'event';
      readonly what: string;
      /** Set on the event that records a completed TLS handshake. */
      readonly handshake?: TlsHandshakeInfo;
    });

type BytesEvent = TranscriptEvent & { readonly type: 'sent' | 'received' };

const NOTHING = Buffer.alloc(0);

/** Where a connection writes what happens on it: the transcript itself, or one lane of it. */
export interface TranscriptWriter {
  bytes(type: 'sent' | 'received', chunk: Buffer, tls?: boolean): void;
  step(index: number, kind: string, outcome: 'start' | 'pass' | 'fail', note?: string): void;
  event(what: string, handshake?: TlsHandshakeInfo): void;
}

export class Transcript implements TranscriptWriter {
  readonly events: TranscriptEvent[] = [];
  private readonly start = performance.now();
  private kept = 0;
  /** Bytes that arrived or left but were not kept. */
  dropped = 0;

  constructor(private readonly maxBytes = 1024 * 1024) {}

  now(): number {
    return Math.round((performance.now() - this.start) * 1000) / 1000;
  }

  /**
   * The writer for one connection: its events carry `connection` (when given;
   * undefined gives the unnamed lane of a single-connection spec). Every lane
   * shares this transcript's clock and byte bound.
   */
  lane(connection: string | undefined): TranscriptWriter {
    if (connection === undefined) return this;
    return {
      bytes: (type, chunk, tls) => this.record(type, chunk, tls === true, connection),
      step: (index, kind, outcome, note) => this.recordStep(index, kind, outcome, note, connection),
      event: (what, handshake) => this.recordEvent(what, handshake, connection),
    };
  }

  bytes(type: 'sent' | 'received', chunk: Buffer, tls?: boolean): void {
    this.record(type, chunk, tls === true, undefined);
  }

  step(index: number, kind: string, outcome: 'start' | 'pass' | 'fail', note?: string): void {
    this.recordStep(index, kind, outcome, note, undefined);
  }

  event(what: string, handshake?: TlsHandshakeInfo): void {
    this.recordEvent(what, handshake, undefined);
  }

  private record(type: 'sent' | 'received', chunk: Buffer, tls: boolean, connection: string | undefined): void {
    const keep = Math.max(0, Math.min(chunk.length, this.maxBytes - this.kept));
    this.kept += keep;
    this.dropped += chunk.length - keep;
    // No copy: received chunks are fresh buffers from the socket, and sent
    // ones are slices of payloads nobody writes to again. Past the limit keep
    // nothing at all: even an empty view would hold the chunk's memory alive.
    const e: { -readonly [K in keyof BytesEvent]: BytesEvent[K] } = {
      t: this.now(),
      type,
      bytes: keep === 0 ? NOTHING : chunk.subarray(0, keep),
      size: chunk.length,
    };
    // Assigned, not spread: this runs for every chunk.
    if (tls) e.tls = true;
    if (connection !== undefined) e.connection = connection;
    this.events.push(e);
  }

  private recordStep(
    index: number,
    kind: string,
    outcome: 'start' | 'pass' | 'fail',
    note: string | undefined,
    connection: string | undefined,
  ): void {
    this.events.push({
      t: this.now(),
      type: 'step',
      index,
      kind,
      outcome,
      ...(note !== undefined ? { note } : {}),
      ...(connection !== undefined ? { connection } : {}),
    });
  }

  private recordEvent(what: string, handshake: TlsHandshakeInfo | undefined, connection: string | undefined): void {
    this.events.push({
      t: this.now(),
      type: 'event',
      what,
      ...(handshake ? { handshake } : {}),
      ...(connection !== undefined ? { connection } : {}),
    });
  }
}
