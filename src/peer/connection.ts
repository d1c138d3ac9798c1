/**
 * One TCP connection as the peer sees it: incoming bytes gathered in a
 * ChunkBuffer, the state of both directions, and a way to wait for "anything
 * new" with a bound. It knows no spec; the step runner drives it.
 */
import type { Socket } from 'node:net';
import { ChunkBuffer } from '../stream/chunk-buffer';
import type { Transcript } from '../transcript/transcript';

export type Wake = 'activity' | 'timeout';

export interface ConnectionLimits {
  /** Unread bytes kept before reading stops (flow control, not failure). */
  readonly highWater: number;
}

/** How the reading side is shaped (the fuzzer's slow reader); undefined reads at full speed. */
export interface ReadShaper {
  /** Milliseconds to stop reading after a chunk of `size` bytes arrived (0 = keep reading). */
  pauseAfterRead(size: number): number;
  /** Milliseconds to hold off reading at the start, so the other side meets a full buffer. */
  initialStall(): number;
}

export class PeerConnection {
  readonly input = new ChunkBuffer();
  /** The other side closed its sending direction. */
  ended = false;
  /** Set once the connection failed (reset, error); sticky. */
  failure: { readonly code: string; readonly message: string } | undefined;
  closed = false;
  bytesReceived = 0;
  bytesSent = 0;
  /** bytesSent when the other side's FIN arrived: bytes written after it may meet a reset. */
  bytesSentAtEnd = 0;
  private waiters: (() => void)[] = [];
  private holds = new Set<string>();
  private shaperTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly socket: Socket,
    readonly transcript: Transcript,
    private readonly limits: ConnectionLimits,
    private readonly shaper?: ReadShaper,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => {
      this.ended = true;
      this.bytesSentAtEnd = this.bytesSent;
      transcript.event('the other side closed its sending direction (FIN)');
      this.wakeAll();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.failure ??= { code: err.code ?? 'ERROR', message: err.message };
      transcript.event(`socket error: ${err.code ?? err.message}`);
      this.wakeAll();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wakeAll();
    });
    const stall = shaper?.initialStall() ?? 0;
    if (stall > 0) this.holdFor('shaper', stall);
  }

  private onData(chunk: Buffer): void {
    this.bytesReceived += chunk.length;
    this.transcript.bytes('received', chunk);
    this.input.push(chunk);
    if (this.input.length >= this.limits.highWater) this.hold('limit');
    const pause = this.shaper?.pauseAfterRead(chunk.length) ?? 0;
    if (pause > 0) this.holdFor('shaper', pause);
    this.wakeAll();
  }

  /** Stops reading from the socket until every hold is released: backpressure reaches the other side. */
  hold(reason: string): void {
    this.holds.add(reason);
    this.socket.pause();
  }

  release(reason: string): void {
    if (!this.holds.delete(reason)) return;
    if (this.holds.size === 0 && !this.socket.destroyed) this.socket.resume();
  }

  private holdFor(reason: string, ms: number): void {
    this.hold(reason);
    clearTimeout(this.shaperTimer);
    this.shaperTimer = setTimeout(() => this.release(reason), ms);
  }

  /** Call after consuming input: resumes reading once the buffer has room again. */
  consumed(): void {
    if (this.input.length < this.limits.highWater) this.release('limit');
  }

  /** Resolves on the next arrival, end, error or close, or after `ms`. */
  waitForActivity(ms: number): Promise<Wake> {
    if (ms <= 0) return Promise.resolve('timeout');
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        resolve('activity');
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        resolve('timeout');
      }, ms);
      this.waiters.push(wake);
    });
  }

  /** Wakes every waiter (also used by the writer to report its failure). */
  wakeAll(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Stops all timers; the socket is destroyed if still open. */
  dispose(): void {
    clearTimeout(this.shaperTimer);
    if (!this.socket.destroyed) this.socket.destroy();
  }
}
