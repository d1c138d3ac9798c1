/**
 * loaded spec + connection → outcome. Plays the steps in order on one
 * connection and stops at the first failure, which is always a typed error
 * naming the step. Every wait is bounded by the step's timeout.
 */
import {
  BufferLimitError,
  ConnectionResetError,
  SendStalledError,
  StepError,
  StepMismatchError,
  StepTimeoutError,
  UnboundVariableError,
  UnexpectedDataError,
  UnexpectedEofError,
} from '../errors';
import type { StepRef } from '../errors';
import { expectationFor } from '../match/expectation';
import type { Expectation } from '../match/expectation';
import { DEFAULT_LIMITS } from '../match/progress';
import type { MatchLimits } from '../match/progress';
import { UnboundVariable } from '../spec/template';
import type { Spec, Step } from '../spec/types';
import type { PeerConnection } from './connection';
import { Outgoing, sleep } from './outgoing';
import type { SendPiece } from './outgoing';
import { payloadBytes } from './payload-source';
import type { PayloadBytes } from './payload-source';

/** How the fuzzer reshapes the sends of one run; absent in a plain run. The peer only asks; planning lives in src/fuzz/. */
export interface SendPlan {
  /**
   * The send steps written together with the send step at index `i` (send
   * number `ordinal`, 1-based, counting send steps): their indexes, in order,
   * each after `i` with only `sleep` steps between; empty when none.
   */
  mergedSends(steps: readonly Step[], i: number, ordinal: number): readonly number[];
  /** The pieces to write send number `ordinal` (after coalescing: the first of the group) of `length` bytes in. */
  pieces(ordinal: number, length: number): SendPiece[];
  /** Milliseconds to wait, after the data left, before a `shutdown` sends its FIN. */
  beforeShutdown?(): number;
  /**
   * The index of the send step right behind which the FIN of the first
   * `shutdown` goes out, ahead of the expectations in between; undefined to
   * leave the FIN where the spec has it.
   */
  earlyFinAfter?(steps: readonly Step[]): number | undefined;
  /** Called once per connection; the hook it returns runs after each piece is written. */
  deliveryOn?(conn: PeerConnection): PieceDelivery;
}

/** What happens after each written piece: a promise holds the next write back until it settles. */
export interface PieceDelivery {
  afterPiece(ordinal: number, piece: number, pieces: number): Promise<void> | undefined;
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
    while (i < spec.steps.length) {
      const next = player.play(i);
      i = typeof next === 'number' ? next : await next;
    }
    await player.finish();
    return { passed: i, notRun: [], vars: player.vars };
  } catch (err) {
    const failure = asStepError(
      err,
      stepRef(spec, spec.steps[Math.min(i, spec.steps.length - 1)]!, options.connection),
    );
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
  /** Index of the send after which the FIN goes out early, under a plan that asks for it. */
  private readonly finAfter: number | undefined;
  private readonly delivery: PieceDelivery | undefined;

  constructor(
    private readonly spec: Spec,
    private readonly conn: PeerConnection,
    private readonly options: StepsOptions,
  ) {
    this.vars = new Map(Object.entries(spec.vars));
    this.out = new Outgoing(conn);
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.finAfter = options.plan?.earlyFinAfter?.(spec.steps);
    this.delivery = options.plan?.deliveryOn?.(conn);
  }

  private ref(step: Step): StepRef {
    return stepRef(this.spec, step, this.options.connection);
  }

  /**
   * Plays the step at `i` (and any sends merged with it); returns the index of
   * the next step. A send, and an expect whose bytes are already here, return
   * it at once rather than as a promise: in a request/response exchange the
   * promises per step were much of tcpspec's own cost.
   */
  play(i: number): number | Promise<number> {
    const step = this.spec.steps[i]!;
    this.conn.transcript.step(step.index, step.kind, 'start', step.note);
    const next = step.kind === 'send' ? this.send(i) : i + 1;
    const waiting =
      step.kind === 'send' ? undefined : step.kind === 'expect' ? this.expect(step) : this.playWaiting(step);
    if (!waiting) {
      this.passed(i, next);
      return next;
    }
    return waiting.then(() => {
      this.passed(i, next);
      return next;
    });
  }

  private passed(i: number, next: number): void {
    for (let k = i; k < next; k++)
      this.conn.transcript.step(this.spec.steps[k]!.index, this.spec.steps[k]!.kind, 'pass');
  }

  /** The steps that always wait: silence, sleep, shutdown, close, reset. */
  private async playWaiting(step: Step): Promise<void> {
    switch (step.kind) {
      case 'send':
      case 'expect':
        throw new Error(`a ${step.kind} step is played by play()`);
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
        if (this.out.finSent) break;
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
      this.checkConnection(last);
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
    for (const j of plan ? plan.mergedSends(this.spec.steps, i, ordinal) : []) {
      const more = payloadBytes((this.spec.steps[j] as Step & { kind: 'send' }).payload, this.vars);
      if (total + more.length > MAX_COALESCED) break;
      // Sleeps between merged sends are skipped: merging is what the case is about.
      for (let k = next; k <= j; k++)
        this.conn.transcript.step(this.spec.steps[k]!.index, this.spec.steps[k]!.kind, 'start');
      parts.push(more);
      total += more.length;
      this.sendOrdinal += 1;
      next = j + 1;
    }
    const bytes = parts.length === 1 ? parts[0]! : joined(parts);
    const pieces = plan ? plan.pieces(ordinal, bytes.length) : [{ end: bytes.length, pauseBefore: 0 }];
    const delivery = this.delivery;
    this.out.enqueue({
      step: () => this.ref(first),
      bytes,
      pieces,
      timeout: first.timeout,
      ...(delivery ? { afterPiece: (k: number) => delivery.afterPiece(ordinal, k, pieces.length) } : {}),
    });
    if (this.finAfter !== undefined && this.finAfter >= i && this.finAfter < next) {
      this.out.enqueue({ fin: true, pauseBefore: plan?.beforeShutdown?.() ?? 0 });
    }
    return next;
  }

  /** Settles at once when the unread bytes decide it; otherwise returns a promise that waits for more. */
  private expect(step: Step & { kind: 'expect' }): Promise<void> | undefined {
    const expectation = expectationFor(step.matcher, this.vars, this.limits);
    const deadline = performance.now() + step.timeout;
    return this.judge(step, expectation) ? undefined : this.expectLater(step, expectation, deadline);
  }

  private async expectLater(
    step: Step & { kind: 'expect' },
    expectation: Expectation,
    deadline: number,
  ): Promise<void> {
    for (;;) {
      const left = deadline - performance.now();
      if (left <= 0) {
        throw new StepTimeoutError(
          this.ref(step),
          step.timeout,
          expectation.awaiting(this.conn.input),
          this.conn.input.peek(256),
          this.conn.input.offset,
        );
      }
      await this.conn.waitForActivity(left);
      if (this.judge(step, expectation)) return;
    }
  }

  /** One look at the unread bytes: true once matched, false while more could satisfy it; throws when nothing can. */
  private judge(step: Step & { kind: 'expect' }, expectation: Expectation): boolean {
    const progress = expectation.advance(this.conn.input, this.conn.ended || this.conn.closed);
    this.conn.consumed();
    switch (progress.state) {
      case 'matched':
        for (const k in progress.captures) {
          const v = progress.captures[k];
          if (v !== undefined) this.vars.set(k, v);
        }
        return true;
      case 'mismatch':
        throw new StepMismatchError(
          this.ref(step),
          progress.expected,
          progress.received,
          progress.offset,
          progress.streamOffset,
          progress.reason,
        );
      case 'overflow':
        throw new BufferLimitError(
          this.ref(step),
          progress.limit,
          expectation.awaiting(this.conn.input),
          this.conn.input.peek(64),
          this.conn.input.offset,
        );
      case 'ended':
        this.checkConnection(step);
        throw new UnexpectedEofError(
          this.ref(step),
          expectation.awaiting(this.conn.input),
          this.conn.bytesReceived,
          this.conn.input.peek(96),
          this.conn.input.offset,
        );
      case 'pending':
        this.checkConnection(step);
        return false;
    }
  }

  private async silence(step: Step & { kind: 'silence' }): Promise<void> {
    await this.flush(step);
    const started = performance.now();
    for (;;) {
      if (this.conn.input.length > 0) {
        throw new UnexpectedDataError(
          this.ref(step),
          Math.round(performance.now() - started),
          this.conn.input.peek(96),
          this.conn.input.offset,
        );
      }
      this.checkConnection(step);
      const left = started + step.duration - performance.now();
      if (left <= 0) return;
      await this.conn.waitForActivity(left);
    }
  }

  /** Throws when the writer or the connection failed. */
  private checkConnection(step: Step): void {
    if (this.out.failure) throw this.out.failure;
    const f = this.conn.failure;
    if (f) {
      const fin = this.conn.ended ? this.conn.bytesSentAtEnd : undefined;
      throw new ConnectionResetError(this.ref(step), this.conn.bytesReceived, this.conn.bytesSent, f.code, fin);
    }
  }

  /** Waits until every queued byte left, bounded by the step's timeout. */
  private async flush(step: Step): Promise<void> {
    if ((await this.out.flushed(step.timeout)) === 'timeout') {
      this.checkConnection(step);
      const sent = this.conn.bytesSent;
      throw new SendStalledError(this.ref(step), step.timeout, sent - this.conn.socket.writableLength, sent);
    }
    this.checkConnection(step);
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
