/**
 * The sending side: send steps are queued and written in order, in the pieces
 * and with the pauses a plan asks for, respecting the socket's backpressure.
 * A send step does not wait for its bytes to leave (a real client does not
 * either), so a step reading the reply can run while a large send drains;
 * steps that must come after the bytes left (silence, sleep, shutdown, close,
 * reset, the end) wait with `flushed()`.
 */
import type { StepRef } from '../errors';
import { StepTimeoutError } from '../errors';
import { formatSize } from '../report/bytes-view';
import type { PeerConnection } from './connection';
import type { PayloadBytes } from './payload-source';

/** One write: bytes up to `end`, after waiting `pauseBefore` ms. */
export interface SendPiece {
  readonly end: number;
  readonly pauseBefore: number;
}

export interface SendJob {
  readonly step: StepRef;
  readonly bytes: PayloadBytes;
  /** In order, the last ending at bytes.length. */
  readonly pieces: readonly SendPiece[];
  readonly timeout: number;
}

/** A half-close queued behind the sends before it, after a pause. */
export interface FinJob {
  readonly fin: true;
  readonly pauseBefore: number;
}

/** The largest single socket.write: bounds memory for lazily built payloads. */
const SLICE = 64 * 1024;

export class Outgoing {
  private queue: (SendJob | FinJob)[] = [];
  private pumping: Promise<void> | undefined;
  /** The first write that failed; sticky, reported by the next step that waits. */
  failure: StepTimeoutError | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly conn: PeerConnection) {}

  /** Whether a queued half-close has been sent. */
  finSent = false;

  enqueue(job: SendJob | FinJob): void {
    this.queue.push(job);
    this.pumping ??= this.pump().finally(() => {
      this.pumping = undefined;
      for (const w of this.idleWaiters.splice(0)) w();
    });
  }

  get busy(): boolean {
    return this.pumping !== undefined;
  }

  /** Resolves once every queued byte has been handed to the kernel, or the connection failed, or after `ms`. */
  async flushed(ms: number): Promise<'flushed' | 'timeout'> {
    const deadline = performance.now() + ms;
    if (this.pumping) {
      const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      if ((await withTimeout(idle, deadline - performance.now())) === 'timeout') return 'timeout';
    }
    const socket = this.conn.socket;
    if (socket.writableLength > 0 && !socket.destroyed) {
      const drained = new Promise<void>((resolve) => {
        const done = (): void => {
          socket.off('drain', done).off('close', done);
          resolve();
        };
        socket.on('drain', done).on('close', done);
        // A zero-length write's callback runs once everything before it was flushed.
        socket.write(Buffer.alloc(0), done);
      });
      if ((await withTimeout(drained, deadline - performance.now())) === 'timeout') return 'timeout';
    }
    return 'flushed';
  }

  private async pump(): Promise<void> {
    for (let job = this.queue.shift(); job; job = this.queue.shift()) {
      if (this.failure || this.conn.failure || this.conn.socket.destroyed) {
        this.queue = [];
        return;
      }
      if ('fin' in job) {
        if (job.pauseBefore > 0) await sleep(job.pauseBefore);
        this.conn.socket.end();
        this.finSent = true;
        this.conn.transcript.event('we closed our sending direction (FIN), right behind the data');
      } else await this.write(job);
    }
  }

  private async write(job: SendJob): Promise<void> {
    const started = performance.now();
    const deadline = started + job.timeout;
    let written = 0;
    for (const piece of job.pieces) {
      if (piece.pauseBefore > 0) await sleep(piece.pauseBefore);
      while (written < piece.end) {
        const socket = this.conn.socket;
        if (socket.destroyed || this.conn.failure) return;
        const chunk = job.bytes.slice(written, Math.min(piece.end, written + SLICE));
        written += chunk.length;
        this.conn.bytesSent += chunk.length;
        this.conn.transcript.bytes('sent', chunk);
        if (!socket.write(chunk)) {
          const drained = new Promise<void>((resolve) => {
            const done = (): void => {
              socket.off('drain', done).off('close', done);
              resolve();
            };
            socket.on('drain', done).on('close', done);
          });
          if ((await withTimeout(drained, deadline - performance.now())) === 'timeout') {
            this.failure = new StepTimeoutError(
              job.step,
              Math.round(performance.now() - started),
              `room to send (the other side stopped reading; ${formatSize(written - socket.writableLength)} of ${formatSize(job.bytes.length)} written)`,
              Buffer.alloc(0),
              0,
            );
            this.conn.wakeAll();
            return;
          }
        }
      }
    }
  }
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
