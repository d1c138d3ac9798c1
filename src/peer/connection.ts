/**
 * One connection as the peer sees it: its name, incoming bytes gathered in a
 * ChunkBuffer, its outgoing queue, its lane of the transcript, the state of
 * both directions, and a way to wait for "anything new" with a bound. Bytes
 * travel over a transport (the carrier's socket, or TLS on top of it) that
 * `startTls` swaps in place: unread bytes, counters and transcript carry over. It knows
 * no spec; the conversation's steps drive it.
 */
import type { Socket } from 'node:net';
import { ChunkBuffer } from '../stream/chunk-buffer';
import type { TlsHandshakeInfo, TranscriptWriter } from '../transcript/transcript';
import { Outgoing } from './outgoing';
import { plainTransport } from '../net/plain';
import { startTls } from '../net/tls';
import type { StartTlsOptions } from '../net/tls';
import type { Transport } from '../net/transport';

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
   * `socket` is the connection's TCP socket.
   */
  initialStall(socket: Socket): number | Promise<unknown>;
}

interface Waiter {
  /** performance.now() at which the wait times out. */
  readonly deadline: number;
  readonly resolve: (wake: Wake) => void;
}

/** The connection's name when a spec has only one. */
const MAIN = 'main';

export class PeerConnection {
  readonly input = new ChunkBuffer();
  readonly out: Outgoing;
  /** The other side closed its sending direction (FIN, or close_notify inside TLS). */
  ended = false;
  /** Set once the connection failed (reset, error); sticky. */
  failure: { readonly code: string; readonly message: string } | undefined;
  closed = false;
  /** Application bytes (plaintext inside TLS). */
  bytesReceived = 0;
  bytesSent = 0;
  /** bytesSent when the other side's FIN arrived: bytes written after it may meet a reset. */
  bytesSentAtEnd = 0;
  /** Client role: the SNI name a TLS handshake on this connection sends when its settings give none. */
  servername: string | undefined;
  private transport: Transport;
  private waiters: Waiter[] = [];
  /** The step waiting here without a promise (see `watch`), and its deadline. */
  private watcher: ((wake: Wake) => void) | undefined;
  private watchDeadline = Infinity;
  /** One timer for every waiter's deadline, armed for the earliest; see waitForActivity. */
  private waitTimer: NodeJS.Timeout | undefined;
  private waitTimerAt = Infinity;
  private holds = new Set<string>();
  private shaperTimer: NodeJS.Timeout | undefined;
  private readonly onDataBound = (chunk: Buffer): void => this.onData(chunk);
  private readonly onEndBound = (): void => this.onEnd();
  private readonly onErrorBound = (err: NodeJS.ErrnoException): void => this.onError(err);
  private readonly onCloseBound = (): void => this.onClose();

  constructor(
    socket: Socket,
    readonly transcript: TranscriptWriter,
    private readonly limits: ConnectionLimits,
    private readonly shaper?: ReadShaper,
    /** The name steps use for it (`on:`). */
    readonly name: string = MAIN,
  ) {
    socket.setNoDelay(true);
    this.transport = plainTransport(socket);
    this.out = new Outgoing(this);
    this.attach();
    const stall = shaper?.initialStall(socket) ?? 0;
    if (typeof stall !== 'number') {
      this.hold('stall');
      void stall.then(() => this.release('stall'));
    } else if (stall > 0) this.holdFor('shaper', stall);
  }

  /** The carrier's socket beneath (TCP or Unix), whatever the transport. */
  get socket(): Socket {
    return this.transport.socket;
  }

  /** Where application data is written and read: the TCP socket, or the TLS socket on it. */
  get stream(): Socket {
    return this.transport.stream;
  }

  /** What the TLS handshake agreed, once the connection is inside TLS. */
  get tls(): TlsHandshakeInfo | undefined {
    return this.transport.handshake;
  }

  private attach(): void {
    this.stream
      .on('data', this.onDataBound)
      .on('end', this.onEndBound)
      .on('error', this.onErrorBound)
      .on('close', this.onCloseBound);
  }

  private detach(): void {
    this.stream
      .off('data', this.onDataBound)
      .off('end', this.onEndBound)
      .off('error', this.onErrorBound)
      .off('close', this.onCloseBound);
  }

  private onData(chunk: Buffer): void {
    this.bytesReceived += chunk.length;
    this.transcript.bytes('received', chunk, this.transport.encrypted);
    this.input.push(chunk);
    if (this.input.length >= this.limits.highWater) this.hold('limit');
    const pause = this.shaper?.pauseAfterRead(chunk.length) ?? 0;
    if (pause > 0) this.holdFor('shaper', pause);
    this.wakeAll();
  }

  private onEnd(): void {
    this.ended = true;
    this.bytesSentAtEnd = this.bytesSent;
    this.transcript.event(
      this.transport.encrypted
        ? `the other side closed its sending direction (close_notify or FIN, inside ${this.transport.name.toUpperCase()})`
        : 'the other side closed its sending direction (FIN)',
    );
    this.wakeAll();
  }

  private onError(err: NodeJS.ErrnoException): void {
    this.failure ??= { code: err.code ?? 'ERROR', message: err.message };
    this.transcript.event(`socket error: ${err.code ?? err.message}`);
    this.wakeAll();
  }

  private onClose(): void {
    this.closed = true;
    this.wakeAll();
  }

  /**
   * Enters TLS on this connection: at its start (a spec's `tls:`) or in the
   * middle (`starttls`), in either role, the one way both are done. In the
   * server role the bytes received and not yet read begin the client's
   * handshake; the SNI name defaults to this connection's `servername`.
   * Rejects only with TlsHandshakeError, leaving the connection failed.
   */
  startTls(options: Omit<StartTlsOptions, 'received' | 'servername'>): Promise<void> {
    const servername = this.servername;
    return this.upgrade(
      (socket, received) =>
        startTls(socket, { ...options, ...(servername !== undefined ? { servername } : {}), received }),
      options.role === 'server',
    );
  }

  /**
   * Swaps the transport in place. `start`
   * gets the carrier's socket, paused and with no listener of ours, and the unread
   * bytes `takeUnread` asked for (they leave `input`: in the server role they
   * begin the client's handshake). Everything else carries over: the bytes
   * still unread, the counters, the transcript lane. A failed start leaves
   * the connection failed and rethrows.
   */
  private async upgrade(
    start: (socket: Socket, unread: Buffer) => Promise<Transport>,
    takeUnread: boolean,
  ): Promise<void> {
    const socket = this.transport.socket;
    this.detach();
    socket.pause();
    const unread = takeUnread ? this.input.take(this.input.length) : Buffer.alloc(0);
    try {
      this.transport = await start(socket, unread);
    } catch (err) {
      this.failure ??= { code: 'TLS_HANDSHAKE', message: (err as Error).message };
      this.closed = true;
      this.wakeAll();
      throw err;
    }
    const h = this.transport.handshake;
    if (h) {
      this.transcript.event(
        `TLS handshake done: ${h.version}, ${h.cipher}${h.alpn ? `, ALPN ${h.alpn}` : ''}${h.servername ? `, server name ${h.servername}` : ''}${h.verified !== undefined ? (h.verified ? ', certificate verified' : ', certificate not verified') : ''}; what follows is inside TLS`,
        h,
      );
    }
    this.stream.setNoDelay(true);
    this.attach();
    if (this.holds.size > 0) this.stream.pause();
    else this.stream.resume();
  }

  /** Stops reading until every hold is released: backpressure reaches the other side. */
  hold(reason: string): void {
    this.holds.add(reason);
    this.stream.pause();
  }

  release(reason: string): void {
    if (!this.holds.delete(reason)) return;
    if (this.holds.size === 0 && !this.stream.destroyed) this.stream.resume();
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
      this.timerFor(deadline);
    });
  }

  /**
   * Calls `fn` once, synchronously, on the next arrival, end, error or close,
   * or with 'timeout' once `deadline` (a performance.now() time) has passed,
   * never earlier. What waitForActivity does, without a promise: the step
   * that waits for a reply in a request/response exchange resumes inside the
   * arrival itself, as hand-written code would. One watcher at a time.
   */
  watch(deadline: number, fn: (wake: Wake) => void): void {
    this.watcher = fn;
    this.watchDeadline = deadline;
    this.timerFor(deadline);
  }

  private timerFor(deadline: number): void {
    if (deadline < this.waitTimerAt) this.armWaitTimer(deadline);
    else this.waitTimer?.ref();
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
    const watcher = this.watcher !== undefined && this.watchDeadline <= now ? this.watcher : undefined;
    if (watcher) this.unwatch();
    const next = Math.min(this.watcher ? this.watchDeadline : Infinity, ...this.waiters.map((w) => w.deadline));
    if (next < Infinity) this.armWaitTimer(next);
    for (const w of due) w.resolve('timeout');
    watcher?.('timeout');
  }

  private unwatch(): void {
    this.watcher = undefined;
    this.watchDeadline = Infinity;
  }

  /** Wakes every waiter and the watcher (also used by the writer to report its failure). */
  wakeAll(): void {
    const waiters = this.waiters;
    const watcher = this.watcher;
    if (waiters.length === 0 && !watcher) return;
    if (waiters.length > 0) this.waiters = [];
    if (watcher) this.unwatch();
    for (const w of waiters) w.resolve('activity');
    watcher?.('activity');
    // The watcher usually watches again at once: the timer stays ref'd for it.
    if (this.waiters.length === 0 && !this.watcher) this.waitTimer?.unref();
  }

  /** Whether the connection can no longer carry bytes. */
  get destroyed(): boolean {
    return this.stream.destroyed || this.transport.socket.destroyed;
  }

  /** Aborts with a reset (RST), inside TLS too: the reset is the TCP socket's. */
  reset(): void {
    this.transport.socket.resetAndDestroy();
    if (this.stream !== this.transport.socket) this.stream.destroy();
  }

  /** Stops all timers; the connection is destroyed if still open. */
  dispose(): void {
    clearTimeout(this.shaperTimer);
    clearTimeout(this.waitTimer);
    this.waitTimer = undefined;
    this.waitTimerAt = Infinity;
    if (!this.stream.destroyed) this.stream.destroy();
    if (!this.transport.socket.destroyed) this.transport.socket.destroy();
    // Nothing waits past the end; should anything still wait, it wakes to see the connection gone.
    this.wakeAll();
  }
}
