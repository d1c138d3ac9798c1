/**
 * loaded spec + connections → outcome. A conversation is a set of named
 * connections (`main` first, then each `connect:` / `accept:`), each with its
 * own incoming bytes, outgoing queue and transcript lane. Steps run one after
 * another in file order, each on its own connection, and the conversation
 * stops at the first failure, always a typed error naming the step. Every
 * wait is bounded by the step's timeout. At the end every connection still
 * open is closed.
 */
import type { Socket } from 'node:net';
import { StepError } from '../errors';
import { TargetUnreachableError } from '../net/errors';
import { StepTimeoutError, UnboundVariableError } from './step-errors';
import { StructValueError } from '../struct/value-error';
import type { StepRef } from '../errors';
import type { MatchLimits } from '../match/progress';
import { localName } from '../net/carriers';
import { formatEndpoint } from '../net/endpoint';
import type { Endpoint } from '../net/endpoint';
import { UnboundVariable } from '../spec/template';
import { StructEncodeError } from '../struct/encode';
import type { VarValue } from '../spec/template';
import { connectTls, MAIN_CONNECTION } from '../spec/types';
import type { Spec, Step, StepKind, TlsSettings } from '../spec/types';
import type { Transcript, TranscriptWriter } from '../transcript/transcript';
import { PeerConnection } from './connection';
import type { ReadShaper, Wake } from './connection';
import type { LyingSend, PieceDelivery, SendPlan } from './send-plan';
import { checkConnection, closeNormally, flush } from './steps/common';
import { STEP_PLAYERS } from './steps/index';
import type { BytesWait, Play, StepPlayer } from './steps/index';

/** A connection a `connect:` step asked for, opened by the caller. */
export interface Dialed {
  readonly socket: Socket;
  /** Where it goes. */
  readonly endpoint: Endpoint;
  /** Whether it goes to the spec's own target (then the spec's `tls:` applies). */
  readonly sameTarget: boolean;
  /** The SNI name a TLS handshake sends when the settings give none. */
  readonly servername?: string;
}

/** A client the server role accepted for an `accept:` step. */
export interface Accepted {
  readonly socket: Socket;
  /** Its end of the connection in words, for the transcript. */
  readonly from: string;
}

export interface ConversationOptions {
  readonly role: 'client' | 'server';
  readonly limits: MatchLimits;
  /** Unread bytes a connection keeps before it stops reading. */
  readonly highWater: number;
  readonly plan?: SendPlan;
  readonly reader?: ReadShaper;
  readonly lie?: LyingSend;
  /** In the server role with `connections: N`, which play this is (1-based). */
  readonly play?: number;
  /** Client role: the SNI name for `main` when the settings give none. */
  readonly servername?: string;
  /** Client role: opens the connection of a `connect:` step, within its timeout. Rejects with TargetUnreachableError. */
  readonly dial?: (step: Step & { kind: 'connect' }) => Promise<Dialed>;
  /** Server role: the next client to connect within `ms` (one that came early at once), or undefined. */
  readonly nextClient?: (ms: number) => Promise<Accepted | undefined>;
}

export interface StepsOutcome {
  /** Steps that passed, in order. */
  readonly passed: number;
  /** The first failure: a step's, or (exit 2) a `connect:` target that could not be reached. */
  readonly failure?: StepError | TargetUnreachableError;
  /** Steps that never ran because an earlier one failed. */
  readonly notRun: readonly StepRef[];
  readonly vars: ReadonlyMap<string, VarValue>;
}

/** How long to wait for a reset after writing to a peer that sent its FIN. */
const LINGER_MS = 100;

/** The step as failures and reports name it: with its connection where the spec has several. */
export function stepRef(spec: Spec, step: Step, play?: number): StepRef {
  return {
    file: spec.file,
    line: step.loc.line,
    column: step.loc.column,
    index: step.index,
    kind: step.kind,
    ...(step.note !== undefined ? { note: step.note } : {}),
    ...(spec.connectionNames.length > 1 ? { connection: step.on } : {}),
    ...(play !== undefined ? { play } : {}),
  };
}

/**
 * Plays `spec.steps` with `main` as the first connection. Never throws for
 * anything the other side does; returns the first failure. Every connection
 * it opened is closed or destroyed when it returns.
 */
export async function playConversation(
  spec: Spec,
  main: Socket,
  transcript: Transcript,
  options: ConversationOptions,
): Promise<StepsOutcome> {
  const player = new ConversationPlayer(spec, transcript, options);
  return player.run(main);
}

class ConversationPlayer implements Play {
  readonly vars: Map<string, VarValue>;
  readonly limits: MatchLimits;
  readonly plan: SendPlan | undefined;
  readonly lie: LyingSend | undefined;
  readonly finAfter: number | undefined;
  readonly role: 'client' | 'server';
  readonly servername: string | undefined;
  sendsSoFar = 0;
  private readonly conns = new Map<string, PeerConnection>();
  private readonly deliveries = new Map<PeerConnection, PieceDelivery | undefined>();
  private readonly lanes = new Map<string, TranscriptWriter>();
  private readonly several: boolean;
  /** The step being played: the one that failed, once one has. */
  private i = 0;
  /** The step waiting for bytes without a promise, if one is. */
  private waiting: BytesWait | undefined;
  private settle: { resolve: () => void; reject: (err: unknown) => void } | undefined;
  /** Each step's player, in step order. */
  private readonly players: readonly AnyPlayer[];

  constructor(
    readonly spec: Spec,
    private readonly transcript: Transcript,
    private readonly options: ConversationOptions,
  ) {
    this.vars = new Map<string, VarValue>(Object.entries(spec.vars));
    this.limits = options.limits;
    this.plan = options.plan;
    this.lie = options.lie;
    this.finAfter = options.plan?.earlyFinAfter?.(spec.steps);
    this.role = options.role;
    this.servername = options.servername;
    this.several = spec.connectionNames.length > 1;
    this.players = playersOf(spec);
  }

  async run(main: Socket): Promise<StepsOutcome> {
    const steps = this.spec.steps;
    try {
      const conn = this.open(MAIN_CONNECTION, main);
      conn.servername = this.servername;
      if (this.spec.tls) await this.startTlsOn(conn, this.spec.tls, steps[0]!);
      await this.playSteps();
      await this.finish();
      return { passed: this.i, notRun: [], vars: this.vars };
    } catch (err) {
      const i = this.i;
      const at = steps[Math.min(i, steps.length - 1)]!;
      const failure = asFailure(err, this.ref(at));
      this.lane(at.on).step(at.index, at.kind, 'fail');
      const notRun = steps.slice(i + 1).map((s) => this.ref(s));
      return { passed: i, failure, notRun, vars: this.vars };
    } finally {
      for (const conn of this.conns.values()) conn.dispose();
    }
  }

  /** Plays every step from `i`; settles once all passed, or with the first failure (`i` is then the step that failed). */
  private playSteps(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
      this.drive();
    });
  }

  /**
   * Plays steps one after another for as long as each is done at once (a
   * send; an expect whose bytes are here). A step that returns a promise
   * resumes the loop when it settles; one that waits for bytes resumes it
   * from the arrival itself (`onWake`), so a request/response exchange makes
   * no promise and no timer per step.
   */
  private drive(): void {
    const steps = this.spec.steps;
    try {
      while (this.i < steps.length) {
        const i = this.i;
        const step = steps[i]!;
        this.laneOf(step).step(step.index, step.kind, 'start', step.note);
        const next = this.players[i]!(this, step, i);
        if (typeof next === 'number') this.passed(next);
        else if (next instanceof Promise) {
          next.then(this.onSettled, this.onFailed);
          return;
        } else {
          this.waiting = next;
          next.conn.watch(next.deadline, this.onWake);
          return;
        }
      }
    } catch (err) {
      this.onFailed(err);
      return;
    }
    this.settle?.resolve();
  }

  private readonly onSettled = (next: number): void => {
    this.passed(next);
    this.drive();
  };

  private readonly onFailed = (err: unknown): void => {
    this.waiting = undefined;
    this.settle?.reject(err);
  };

  /** The connection a waiting step watches saw something, or its deadline passed. */
  private readonly onWake = (wake: Wake): void => {
    const waiting = this.waiting;
    // Woken after the conversation settled (its connections are being disposed): nothing waits any more.
    if (!waiting) return;
    let next: number | undefined;
    try {
      next = waiting.retry(wake);
    } catch (err) {
      this.onFailed(err);
      return;
    }
    if (next === undefined) {
      waiting.conn.watch(waiting.deadline, this.onWake);
      return;
    }
    this.waiting = undefined;
    this.passed(next);
    this.drive();
  };

  /** Records steps `i` up to `next` as passed and moves on to `next`. */
  private passed(next: number): void {
    const steps = this.spec.steps;
    for (let k = this.i; k < next; k++) {
      const s = steps[k]!;
      this.laneOf(s).step(s.index, s.kind, 'pass');
    }
    this.i = next;
  }

  /** The step's lane; with one connection, the transcript itself. */
  private laneOf(step: Step): TranscriptWriter {
    return this.several ? this.lane(step.on) : this.transcript;
  }

  ref(step: Step): StepRef {
    return stepRef(this.spec, step, this.options.play);
  }

  conn(step: Step): PeerConnection {
    const conn = this.conns.get(step.on);
    // The loader lets no step name a connection before the step that opens it.
    if (!conn) throw new Error(`step ${step.index}: connection "${step.on}" is not open (a bug in tcpspec)`);
    return conn;
  }

  countSends(n: number): void {
    this.sendsSoFar += n;
  }

  delivery(conn: PeerConnection): PieceDelivery | undefined {
    return this.deliveries.get(conn);
  }

  private lane(name: string): TranscriptWriter {
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = this.transcript.lane(this.several ? name : undefined);
      this.lanes.set(name, lane);
    }
    return lane;
  }

  private open(name: string, socket: Socket): PeerConnection {
    const conn = new PeerConnection(
      socket,
      this.lane(name),
      { highWater: this.options.highWater },
      this.options.reader,
      name,
    );
    this.conns.set(name, conn);
    this.deliveries.set(conn, this.plan?.deliveryOn?.(conn));
    return conn;
  }

  async connect(step: Step & { kind: 'connect' }): Promise<PeerConnection> {
    if (!this.options.dial) throw new Error('connect: no way to dial in this role (a bug in tcpspec)');
    const dialed = await this.options.dial(step);
    this.lane(step.name).event(
      `connected to ${formatEndpoint(dialed.endpoint)} from ${localName(dialed.endpoint, dialed.socket)}`,
    );
    const conn = this.open(step.name, dialed.socket);
    conn.servername = dialed.servername;
    const tls = connectTls(this.spec, step, dialed.sameTarget);
    if (tls) await this.startTlsOn(conn, tls, step);
    return conn;
  }

  async accept(step: Step & { kind: 'accept' }): Promise<PeerConnection> {
    const accepted = await this.options.nextClient?.(step.timeout);
    if (!accepted) {
      throw new StepTimeoutError({
        step: this.ref(step),
        waitedMs: step.timeout,
        awaiting: `a client connecting (accept: ${step.name})`,
        pending: Buffer.alloc(0),
        streamOffset: 0,
      });
    }
    this.lane(step.name).event(`accepted a connection from ${accepted.from}`);
    const conn = this.open(step.name, accepted.socket);
    if (this.spec.tls) await this.startTlsOn(conn, this.spec.tls, step);
    return conn;
  }

  /** A connection that starts in TLS: the handshake before any step acts on it. */
  private async startTlsOn(conn: PeerConnection, settings: TlsSettings, step: Step): Promise<void> {
    const ref = (): StepRef => ({ ...this.ref(step), ...(this.several ? { connection: conn.name } : {}) });
    await conn.startTls({ role: this.role, settings, timeoutMs: step.timeout, step: ref });
  }

  /** After the last step: on every connection still open, every byte sent, then the connection closed. */
  private async finish(): Promise<void> {
    const steps = this.spec.steps;
    for (const conn of this.conns.values()) {
      const last = [...steps].reverse().find((s) => s.on === conn.name) ?? steps[steps.length - 1]!;
      await flush(this, conn, last);
      if (conn.ended && conn.bytesSent > conn.bytesSentAtEnd && !conn.destroyed) {
        // We wrote after the other side's FIN. If it had closed rather than
        // half-closed, its kernel answers with a reset, which a later write
        // meets (reads stopped at the FIN): wait briefly in case one is still
        // under way, because that is the one sign of a peer that stopped
        // reading too soon.
        await conn.waitForActivity(Math.min(LINGER_MS, last.timeout));
        checkConnection(this, conn, last);
      }
      if (!conn.destroyed) await closeNormally(conn, last.timeout);
    }
  }
}

type AnyPlayer = (p: Play, s: Step, i: number) => ReturnType<StepPlayer<StepKind>>;

const PLAYERS = new WeakMap<Spec, readonly AnyPlayer[]>();

/**
 * The player of every step, looked up once per spec rather than by kind name
 * per step (a lookup by changing keys that showed in the profile); every play
 * of a server-role spec with `connections: N` shares them.
 */
function playersOf(spec: Spec): readonly AnyPlayer[] {
  let players = PLAYERS.get(spec);
  if (!players) {
    players = spec.steps.map((s) => STEP_PLAYERS[s.kind] as AnyPlayer);
    PLAYERS.set(spec, players);
  }
  return players;
}

function asFailure(err: unknown, at: StepRef): StepError | TargetUnreachableError {
  if (err instanceof StepError || err instanceof TargetUnreachableError) return err;
  if (err instanceof UnboundVariable) return new UnboundVariableError(at, err.variable);
  if (err instanceof StructEncodeError) return new StructValueError(at, err.field, err.problem);
  throw err;
}
