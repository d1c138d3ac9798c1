/**
 * loaded spec + connection → outcome. Plays the steps in order on one
 * connection and stops at the first failure, which is always a typed error
 * naming the step. Every wait is bounded by the step's timeout.
 */
import {
  BufferLimitError,
  ConnectionResetError,
  StepError,
  StepMismatchError,
  StepTimeoutError,
  UnboundVariableError,
  UnexpectedDataError,
  UnexpectedEofError,
} from '../errors';
import type { StepRef } from '../errors';
import { expectationFor } from '../match/expectation';
import { DEFAULT_LIMITS } from '../match/progress';
import type { MatchLimits } from '../match/progress';
import { UnboundVariable } from '../spec/template';
import type { Spec, Step } from '../spec/types';
import type { PeerConnection } from './connection';
import { Outgoing, sleep } from './outgoing';
import type { SendPiece } from './outgoing';
import { payloadBytes } from './payload-source';
import type { PayloadBytes } from './payload-source';

/** How the fuzzer reshapes the sends of one run; absent in a plain run. */
export interface SendPlan {
  /** Whether send number `ordinal` (1-based, counting send steps) is written together with the send right after it. */
  coalesceWithNext(ordinal: number): boolean;
  /** The pieces to write send number `ordinal` (after coalescing: the first of the group) of `length` bytes in. */
  pieces(ordinal: number, length: number): SendPiece[];
  /** Milliseconds to wait, after the data left, before a `shutdown` sends its FIN. */
  beforeShutdown?(): number;
}

export interface StepsOptions {
  readonly limits?: MatchLimits;
  readonly plan?: SendPlan;
  /** The connection number in the server role. */
  readonly connection?: number;
}

export interface StepsOutcome {
  /** Steps that passed, in order. */
  readonly passed: number;
  readonly failure?: StepError;
  /** Steps that never ran because an earlier one failed. */
  readonly notRun: readonly StepRef[];
  readonly vars: ReadonlyMap<string, string>;
}

/** How long to wait for a reset after writing to a peer that sent its FIN. */
const LINGER_MS = 100;

/** The largest group of sends merged into one buffer when a plan coalesces them. */
const MAX_COALESCED = 1024 * 1024;

export function stepRef(spec: Spec, step: Step, connection?: number): StepRef {
  return {
    file: spec.file,
    line: step.loc.line,
    column: step.loc.column,
    index: step.index,
    kind: step.kind,
    ...(step.note !== undefined ? { note: step.note } : {}),
    ...(connection !== undefined ? { connection } : {}),
  };
}

/** Plays `spec.steps` on `conn`. Never throws for anything the other side does; returns the first failure. */
export async function runSteps(spec: Spec, conn: PeerConnection, options: StepsOptions = {}): Promise<StepsOutcome> {
  const player = new StepPlayer(spec, conn, options);
  let i = 0;
  try {
    while (i < spec.steps.length) i = await player.play(i);
    await player.finish();
    return { passed: i, notRun: [], vars: player.vars };
  } catch (err) {
    const failure = asStepError(err, stepRef(spec, spec.steps[Math.min(i, spec.steps.length - 1)]!, options.connection));
    conn.transcript.step(failure.step.index, failure.step.kind, 'fail');
    const notRun = spec.steps.slice(i + 1).map((s) => stepRef(spec, s, options.connection));
    return { passed: i, failure, notRun, vars: player.vars };
  } finally {
    conn.dispose();
  }
}

function asStepError(err: unknown, at: StepRef): StepError {
  if (err instanceof StepError) return err;
  if (err instanceof UnboundVariable) return new UnboundVariableError(at, err.variable);
  throw err;
}

class StepPlayer {
  readonly vars: Map<string, string>;
  private readonly out: Outgoing;
  private readonly limits: MatchLimits;
  private sendOrdinal = 0;

  constructor(private readonly spec: Spec, private readonly conn: PeerConnection, private readonly options: StepsOptions) {
    this.vars = new Map(Object.entries(spec.vars));
    this.out = new Outgoing(conn);
    this.limits = options.limits ?? DEFAULT_LIMITS;
  }

  private ref(step: Step): StepRef {
    return stepRef(this.spec, step, this.options.connection);
  }

  /** Plays the step at `i` (and any sends merged with it); returns the index of the next step. */
  async play(i: number): Promise<number> {
    const step = this.spec.steps[i]!;
    this.conn.transcript.step(step.index, step.kind, 'start', step.note);
    let next = i + 1;
    switch (step.kind) {
      case 'send':
        next = this.send(i);
        break;
      case 'expect':
        await this.expect(step);
        break;
      case 'silence':
        await this.silence(step);
        break;
      case 'sleep':
        await this.flush(step);
        this.conn.hold('sleep');
        await sleep(step.duration);
        this.conn.release('sleep');
        break;
      case 'shutdown': {
        await this.flush(step);
        const delay = this.options.plan?.beforeShutdown?.() ?? 0;
        if (delay > 0) await sleep(delay);
        this.conn.socket.end();
        this.conn.transcript.event('we closed our sending direction (FIN)');
        break;
      }
      case 'close':
        await this.flush(step);
        await this.closeNormally(step.timeout);
        break;
      case 'reset':
        await this.flush(step);
        this.conn.transcript.event('we reset the connection (RST)');
        this.conn.socket.resetAndDestroy();
        break;
    }
    for (let k = i; k < next; k++) this.conn.transcript.step(this.spec.steps[k]!.index, this.spec.steps[k]!.kind, 'pass');
    return next;
  }

  /** After the last step: every byte sent, then the connection closed if the steps left it open. */
  async finish(): Promise<void> {
    const last = this.spec.steps[this.spec.steps.length - 1]!;
    await this.flush(last);
    if (this.conn.ended && this.conn.bytesSent > this.conn.bytesSentAtEnd && !this.conn.socket.destroyed) {
      // We wrote after the other side's FIN. If it had closed rather than
      // half-closed, its kernel answers with a reset, which a later write
      // meets (reads stopped at the FIN): wait briefly in case one is still
      // under way, because that is the one sign of a peer that stopped
      // reading too soon.
      await this.conn.waitForActivity(Math.min(LINGER_MS, last.timeout));
      this.checkConnection(this.ref(last));
    }
    if (!this.conn.socket.destroyed) await this.closeNormally(last.timeout);
  }

  private send(i: number): number {
    const first = this.spec.steps[i]! as Step & { kind: 'send' };
    this.sendOrdinal += 1;
    const ordinal = this.sendOrdinal;
    const parts: PayloadBytes[] = [payloadBytes(first.payload, this.vars)];
    let total = parts[0]!.length;
    let next = i + 1;
    const plan = this.options.plan;
    while (plan?.coalesceWithNext(this.sendOrdinal) && this.spec.steps[next]?.kind === 'send') {
      const more = payloadBytes((this.spec.steps[next] as Step & { kind: 'send' }).payload, this.vars);
      if (total + more.length > MAX_COALESCED) break;
      this.conn.transcript.step(this.spec.steps[next]!.index, 'send', 'start');
      parts.push(more);
      total += more.length;
      this.sendOrdinal += 1;
      next += 1;
    }
    const bytes = parts.length === 1 ? parts[0]! : joined(parts);
    const pieces = plan ? plan.pieces(ordinal, bytes.length) : [{ end: bytes.length, pauseBefore: 0 }];
    this.out.enqueue({ step: this.ref(first), bytes, pieces, timeout: first.timeout });
    return next;
  }

  private async expect(step: Step & { kind: 'expect' }): Promise<void> {
    const ref = this.ref(step);
    const expectation = expectationFor(step.matcher, this.vars, this.limits);
    const started = performance.now();
    const deadline = started + step.timeout;
    for (;;) {
      const progress = expectation.advance(this.conn.input, this.conn.ended || this.conn.closed);
      this.conn.consumed();
      switch (progress.state) {
        case 'matched':
          for (const [k, v] of Object.entries(progress.captures)) if (v !== undefined) this.vars.set(k, v);
          return;
        case 'mismatch':
          throw new StepMismatchError(ref, progress.expected, progress.received, progress.offset, progress.streamOffset, progress.reason);
        case 'overflow':
          throw new BufferLimitError(ref, progress.limit, expectation.awaiting(this.conn.input), this.conn.input.peek(64), this.conn.input.offset);
        case 'ended':
          this.checkConnection(ref);
          throw new UnexpectedEofError(ref, expectation.awaiting(this.conn.input), this.conn.bytesReceived, this.conn.input.peek(96), this.conn.input.offset);
        case 'pending': {
          this.checkConnection(ref);
          const left = deadline - performance.now();
          if (left <= 0) {
            throw new StepTimeoutError(ref, step.timeout, expectation.awaiting(this.conn.input), this.conn.input.peek(256), this.conn.input.offset);
          }
          await this.conn.waitForActivity(left);
        }
      }
    }
  }

  private async silence(step: Step & { kind: 'silence' }): Promise<void> {
    const ref = this.ref(step);
    await this.flush(step);
    const started = performance.now();
    for (;;) {
      if (this.conn.input.length > 0) {
        throw new UnexpectedDataError(ref, Math.round(performance.now() - started), this.conn.input.peek(96), this.conn.input.offset);
      }
      this.checkConnection(ref);
      const left = started + step.duration - performance.now();
      if (left <= 0) return;
      await this.conn.waitForActivity(left);
    }
  }

  /** Throws when the writer or the connection failed. */
  private checkConnection(ref: StepRef): void {
    if (this.out.failure) throw this.out.failure;
    const f = this.conn.failure;
    if (f) {
      const fin = this.conn.ended ? this.conn.bytesSentAtEnd : undefined;
      throw new ConnectionResetError(ref, this.conn.bytesReceived, this.conn.bytesSent, f.code, fin);
    }
  }

  /** Waits until every queued byte left, bounded by the step's timeout. */
  private async flush(step: Step): Promise<void> {
    const ref = this.ref(step);
    if ((await this.out.flushed(step.timeout)) === 'timeout') {
      this.checkConnection(ref);
      throw new StepTimeoutError(ref, step.timeout, 'room to send the earlier sends (the other side stopped reading)', this.conn.input.peek(96), this.conn.input.offset);
    }
    this.checkConnection(ref);
  }

  private async closeNormally(ms: number): Promise<void> {
    const socket = this.conn.socket;
    if (socket.destroyed) return;
    this.conn.transcript.event('we closed the connection');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      socket.end(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    socket.destroy();
  }
}

function joined(parts: PayloadBytes[]): PayloadBytes {
  const all = Buffer.concat(parts.map((p) => p.slice(0, p.length)));
  return { length: all.length, slice: (s, e) => all.subarray(s, e) };
}
