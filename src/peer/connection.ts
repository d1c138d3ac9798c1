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
  /**
   * How long to hold off reading at the start, so the other side meets a full
   * buffer: milliseconds, or a promise that settles when reading may begin.
   */
  initialStall(socket: Socket): number | Promise<unknown>;
}

interface Waiter {
  /** performance.now() at which the wait times out. */
  readonly deadline: number;
  readonly resolve: (wake: Wake) => void;
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
  private waiters: Waiter[] = [];
  /** One timer for every waiter's deadline, armed for the earliest; see waitForActivity. */
  private waitTimer: NodeJS.Timeout | undefined;
  private waitTimerAt = Infinity;
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
    const stall = shaper?.initialStall(socket) ?? 0;
    if (typeof stall !== 'number') {
      this.hold('stall');
      void stall.then(() => this.release('stall'));
    } else if (stall > 0) this.holdFor('shaper', stall);
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

  /**
   * Resolves on the next arrival, end, error or close, or once `ms` have
   * passed (never earlier).
   *
   * A request/response exchange waits once per step, so the connection keeps
   * one timer instead of creating and clearing one per wait: it stays armed for
   * the earliest deadline and is re-armed only when a wait needs an earlier
   * one or when it fires with a later deadline still pending. With no waiter
   * it is unref'd, so a finished conversation does not keep the process alive.
   */
  waitForActivity(ms: number): Promise<Wake> {
    if (ms <= 0) return Promise.resolve('timeout');
    return new Promise((resolve) => {
      const deadline = performance.now() + ms;
      this.waiters.push({ deadline, resolve });
      if (deadline < this.waitTimerAt) this.armWaitTimer(deadline);
      else this.waitTimer?.ref();
    });
  }

  private armWaitTimer(at: number): void {
    clearTimeout(this.waitTimer);
    this.waitTimerAt = at;
    this.waitTimer = setTimeout(() => this.onWaitTimer(), Math.max(1, Math.ceil(at - performance.now())));
  }

  private onWaitTimer(): void {
    this.waitTimer = undefined;
    this.waitTimerAt = Infinity;
    const now = performance.now();
    const due = this.waiters.filter((w) => w.deadline <= now);
    this.waiters = this.waiters.filter((w) => w.deadline > now);
    const next = Math.min(...this.waiters.map((w) => w.deadline));
    if (next < Infinity) this.armWaitTimer(next);
    for (const w of due) w.resolve('timeout');
  }

  /** Wakes every waiter (also used by the writer to report its failure). */
  wakeAll(): void {
    const waiters = this.waiters;
    if (waiters.length === 0) return;
    this.waiters = [];
    this.waitTimer?.unref();
    for (const w of waiters) w.resolve('activity');
  }

  /** Stops all timers; the socket is destroyed if still open. */
  dispose(): void {
    clearTimeout(this.shaperTimer);
    clearTimeout(this.waitTimer);
    this.waitTimer = undefined;
    this.waitTimerAt = Infinity;
    if (!this.socket.destroyed) this.socket.destroy();
    // Nothing waits past the end; should anything still wait, it wakes to see the connection gone.
    this.wakeAll();
  }
}
