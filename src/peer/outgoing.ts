/**
 * The sending side: send steps are queued and written in order, in the pieces
 * and with the pauses a plan asks for, respecting the socket's backpressure.
 * A send step does not wait for its bytes to leave (a real client does not
 * either), so a step reading the reply can run while a large send drains;
 * steps that must come after the bytes left (silence, sleep, shutdown, close,
 * reset, the end) wait with `flushed()`.
 */
import type { Socket } from 'node:net';
import type { StepRef } from '../errors';
import { SendStalledError } from './step-errors';
import type { TranscriptWriter } from '../transcript/transcript';
import type { PayloadBytes } from './payload-source';

/** The transcript event between two pieces of one send that a fuzz plan cut apart. */
export const SPLIT_EVENT = 'split here by fuzzing';

/** One write: bytes up to `end`, after waiting `pauseBefore` ms. */
export interface SendPiece {
  readonly end: number;
  readonly pauseBefore: number;
}

export interface SendJob {
  /** The step to name if the send fails (built only then). */
  readonly step: () => StepRef;
  readonly bytes: PayloadBytes;
  /** In order, the last ending at bytes.length. */
  readonly pieces: readonly SendPiece[];
  readonly timeout: number;
  /** Runs after piece `k` was handed to the transport (the fuzzer's delivery); a promise holds the next piece back. */
  readonly afterPiece?: (k: number) => Promise<void> | undefined;
}

/** A half-close queued behind the sends before it, after a pause. */
export interface FinJob {
  readonly fin: true;
  readonly pauseBefore: number;
}

/** The largest single socket.write: bounds memory for lazily built payloads. */
const SLICE = 64 * 1024;

/**
 * What the queue needs of its connection: where to write, whether it still
 * can, where to record what went out and whom to wake. `PeerConnection`
 * gives it; naming it here keeps the two modules from importing each other.
 */
export interface OutgoingLine {
  /** Where application data is written: the TCP socket, or the TLS socket on it. */
  readonly stream: Socket;
  /** The TCP socket beneath. */
  readonly socket: Socket;
  /** Set once the connection failed (reset, error). */
  readonly failure: unknown;
  readonly destroyed: boolean;
  readonly transcript: Pick<TranscriptWriter, 'bytes' | 'event'>;
  /** Application bytes handed to the stream so far; the queue adds what it writes. */
  bytesSent: number;
  /** Wakes every step waiting on the connection. */
  wakeAll(): void;
}

export class Outgoing {
  private queue: (SendJob | FinJob)[] = [];
  /** True while `pump` runs; set and cleared synchronously, so no job can slip in between. */
  private pumping = false;
  /** The first write that failed; sticky, reported by the next step that waits. */
  failure: SendStalledError | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly conn: OutgoingLine) {}

  /** Whether a queued half-close has been sent. */
  finSent = false;

  enqueue(job: SendJob | FinJob): void {
    if (!this.pumping && !('fin' in job) && this.writeAtOnce(job)) return;
    this.queue.push(job);
    if (!this.pumping) this.startPump();
  }

  /** `pumping` is set here and cleared in the same tick as the pump's last empty-queue check, so no job is stranded. */
  private startPump(waitFirst?: Promise<boolean>): void {
    this.pumping = true;
    void this.pump(waitFirst);
  }

  /**
   * The common case of a request/response exchange: a send written whole,
   * with nothing queued ahead of it, goes to the socket now instead of
   * through the pump's promises. Only when the socket asks to wait for
   * `drain` does the pump take over, with the same bounded wait. False when
   * the job needs the pump from the start (pieces, pauses, a large payload).
   */
  private writeAtOnce(job: SendJob): boolean {
    const length = job.bytes.length;
    if (job.pieces.length !== 1 || job.pieces[0]!.pauseBefore > 0 || length === 0 || length > SLICE) return false;
    if (this.failure || this.conn.failure || this.conn.destroyed) return false;
    if (!this.writeChunk(job.bytes.slice(0, length))) {
      const drained = this.drained(job, performance.now(), length);
      const after = job.afterPiece;
      this.startPump(
        after
          ? drained.then(async (ok) => {
              if (ok) await after(0);
              return ok;
            })
          : drained,
      );
      return true;
    }
    const after = job.afterPiece?.(0);
    if (after) this.startPump(after.then(() => true));
    return true;
  }

  /**
   * Counts, records and writes one chunk; false when the stream wants a
   * `drain` before more. Inside TLS one write is one TLS record (or several
   * past 16 KiB), so a piece never shares a record with the next one.
   */
  private writeChunk(chunk: Buffer): boolean {
    this.conn.bytesSent += chunk.length;
    const stream = this.conn.stream;
    this.conn.transcript.bytes('sent', chunk, stream !== this.conn.socket);
    return stream.write(chunk);
  }

  /** Resolves once every queued byte has been handed to the kernel, or the connection failed, or after `ms`. */
  async flushed(ms: number): Promise<'flushed' | 'timeout'> {
    const deadline = performance.now() + ms;
    if (this.pumping) {
      const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      if ((await withTimeout(idle, deadline - performance.now())) === 'timeout') return 'timeout';
    }
    const socket = this.conn.stream;
    if (socket.writableLength > 0 && !socket.destroyed) {
      // A zero-length write's callback runs once everything before it was flushed.
      const drained = drainOrClose(socket, (done) => socket.write(Buffer.alloc(0), done));
      if ((await withTimeout(drained, deadline - performance.now())) === 'timeout') return 'timeout';
    }
    return 'flushed';
  }

  private async pump(waitFirst?: Promise<boolean>): Promise<void> {
    try {
      if (waitFirst && !(await waitFirst)) this.queue = [];
      else await this.drainQueue();
    } finally {
      // Runs in the same tick as the last empty-queue check above, so an
      // enqueue() after it finds `pumping` false and starts a new pump.
      this.pumping = false;
      for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  private async drainQueue(): Promise<void> {
    for (let job = this.queue.shift(); job; job = this.queue.shift()) {
      if (this.failure || this.conn.failure || this.conn.destroyed) {
        this.queue = [];
        return;
      }
      if ('fin' in job) {
        if (job.pauseBefore > 0) await sleep(job.pauseBefore);
        this.conn.stream.end();
        this.finSent = true;
        this.conn.transcript.event('we closed our sending direction (FIN), right behind the data');
      } else await this.write(job);
    }
  }

  private async write(job: SendJob): Promise<void> {
    const started = performance.now();
    let written = 0;
    for (let k = 0; k < job.pieces.length; k++) {
      const piece = job.pieces[k]!;
      if (piece.pauseBefore > 0) await sleep(piece.pauseBefore);
      // A step may have failed while this send waited (a send does not hold the steps after it back): no piece follows.
      if (this.connectionEnded()) return;
      // A cut a fuzz plan made: said in the transcript, so a report can show where one send was split.
      if (k > 0) this.conn.transcript.event(`${SPLIT_EVENT} (piece ${k + 1} of ${job.pieces.length} follows)`);
      while (written < piece.end) {
        // A drain also resolves when the connection closes.
        if (this.connectionEnded()) return;
        const chunk = job.bytes.slice(written, Math.min(piece.end, written + SLICE));
        written += chunk.length;
        if (!this.writeChunk(chunk) && !(await this.drained(job, started, written))) return;
      }
      const after = job.afterPiece?.(k);
      if (after) await after;
    }
  }

  /** The connection closed or failed: nothing more is written on it. */
  private connectionEnded(): boolean {
    return this.conn.destroyed || this.conn.failure !== undefined;
  }

  /** Waits for `drain` until the job's deadline; on timeout records the failure (sticky) and returns false. */
  private async drained(job: SendJob, started: number, written: number): Promise<boolean> {
    const socket = this.conn.stream;
    const drained = drainOrClose(socket);
    if ((await withTimeout(drained, started + job.timeout - performance.now())) === 'done') return true;
    this.failure = new SendStalledError({
      step: job.step(),
      waitedMs: Math.round(performance.now() - started),
      written: Math.max(0, written - socket.writableLength),
      total: job.bytes.length,
    });
    this.conn.wakeAll();
    return false;
  }
}

/** Resolves on the socket's next `drain` or `close` (or when `also` calls back), whichever comes first. */
function drainOrClose(socket: Socket, also?: (done: () => void) => void): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      socket.off('drain', done).off('close', done);
      resolve();
    };
    socket.on('drain', done).on('close', done);
    also?.(done);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withTimeout(p: Promise<void>, ms: number): Promise<'done' | 'timeout'> {
  if (ms <= 0) return 'timeout';
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([p.then(() => 'done' as const), t]);
  } finally {
    clearTimeout(timer);
  }
}
