/**
 * One lying-length case: the steps before the lying send play as usual, the
 * lying message goes out, and once the server has read it (read-confirmed
 * where its socket can be seen, else after LIAR_READ_GAP_MS) the health spec
 * is replayed plainly on a fresh connection while the liar stays open and
 * idle. Then the liar closes, and the server is asked, through what started
 * it, whether it still runs, and a fresh connection must still be taken.
 */
import type { Socket } from 'node:net';
import { StepError } from '../../errors';
import { LyingLengthError } from './lying-length-error';
import { TargetUnreachableError } from '../../net/errors';
import { StepTimeoutError } from '../../peer/step-errors';
import type { TcpspecError } from '../../errors';
import { dial } from '../../net/carriers';
import type { Conversation } from '../../peer/client';
import type { PeerConnection } from '../../peer/connection';
import { runSpec } from '../../run/run-spec';
import type { RunOptions, SpecResult } from '../../run/run-spec';
import type { Spec } from '../../spec/types';
import type { Endpoint } from '../../net/endpoint';
import type { StartedTarget } from '../../targets/target';
import { sharedDiagnostics, watchPeer } from '../delivery/peer-watch';
import { awaitOutcome } from '../delivery/read-confirmed';
import { sleep } from '../../peer/outgoing';
import { caseWords } from './cases';
import type { LyingCase } from './cases';

/** Where the server's reads cannot be observed: how long it is given to read the lie before the replay. */
export const LIAR_READ_GAP_MS = 200;
/** The bound on waiting for the server to read the lie, where its reads can be observed. */
export const LIAR_READ_CAP_MS = 1000;
/**
 * After the replay: how long a liar the server has not closed yet is given to
 * be closed (or answered), so a server that closes it a moment after the
 * replay ended (a busy machine, a backend process) is not taken for one that
 * keeps it open.
 */
export const LIAR_SETTLE_MS = 300;
/** After the liar closed: how long a server that dies of the close is given to be seen exiting. */
export const EXIT_GRACE_MS = 200;

/** What the server did with the lying connection, seen from the liar, by the end of the replay. */
export type LiarFate = 'closed' | 'reset' | 'replied' | 'kept open' | 'not sent';

/** One case's outcome, as the JSON report lists it. */
export interface LyingOutcome {
  readonly number: number;
  /** `send #1 (step 2): field 2 "length" (u32be length) = 0 (true length 5)`. */
  readonly words: string;
  readonly step: number;
  readonly field: string;
  readonly claim: LyingCase['claim'];
  readonly value: string;
  readonly truth: string;
  readonly ok: boolean;
  /** How the server took the lie: it closed or reset the liar, replied to it, or kept it open waiting. */
  readonly liar: LiarFate;
  /** Bytes the server sent on the lying connection after the lie, by the end of the replay (an error reply, say). */
  readonly answered: number;
  /** Whether the server was seen to read the lie before the replay (`timed`: not observable, LIAR_READ_GAP_MS waited). */
  readonly read: 'read' | 'gone' | 'cap' | 'timed';
  /** What went wrong, in words; absent when the case passed. */
  readonly happened?: string;
  readonly durationMs: number;
  /** A failing case: the command that replays it alone. */
  readonly replay?: string;
}

/** The lying-length part of a fuzz result, as the JSON report lists it. */
export interface LyingReport {
  /** Cases the spec has, whether or not they all ran. */
  readonly total: number;
  /** The spec replayed during each case (this one, or `fuzz.health`), relative to the spec as written. */
  readonly health?: string;
  readonly cases: readonly LyingOutcome[];
}

export interface CaseRun {
  readonly outcome: LyingOutcome;
  readonly error?: TcpspecError;
  readonly conversations: readonly Conversation[];
}

export interface CaseContext {
  /** Options for the liar's and the replay's runs (the pool, `--target`). */
  readonly run: RunOptions;
  /** The server tcpspec started, when it did (not with `--target`): asked whether it still runs. */
  readonly started?: StartedTarget;
  readonly address: Endpoint;
}

/** Plays one lying case against `ctx.address`; never throws for anything the server does. */
export async function runLyingCase(spec: Spec, health: Spec, c: LyingCase, ctx: CaseContext): Promise<CaseRun> {
  const begun = performance.now();
  // Set by `hold`, which the peer calls: declared wide, or the compiler narrows them to their first values.
  let replay = undefined as SpecResult | undefined;
  let liar = 'not sent' as LiarFate;
  let read = 'timed' as LyingOutcome['read'];
  let answered = 0;
  const hold = async (conn: PeerConnection): Promise<void> => {
    const before = conn.bytesReceived;
    read = await serverRead(conn.socket);
    replay = await runSpec(health, { ...ctx.run, target: ctx.address });
    const settleBy = performance.now() + LIAR_SETTLE_MS;
    while (!conn.destroyed && !conn.ended && performance.now() < settleBy) {
      await conn.waitForActivity(settleBy - performance.now());
    }
    answered = conn.bytesReceived - before;
    liar = conn.destroyed ? 'reset' : conn.ended ? 'closed' : answered > 0 ? 'replied' : 'kept open';
  };
  // The spec up to and including the lying send: nothing after it is played.
  const upToLie: Spec = { ...spec, steps: spec.steps.slice(0, c.at + 1) };
  const lying = await runSpec(upToLie, {
    ...ctx.run,
    target: ctx.address,
    peer: {
      ...ctx.run.peer,
      ...(ctx.started ? { servername: 'localhost' } : {}),
      lie: { step: c.at, lie: c.lie, hold },
    },
  });
  const conversations = [...lying.conversations, ...(replay?.conversations ?? [])];
  const done = (happened?: string, cause?: TcpspecError): CaseRun => {
    const outcome: LyingOutcome = {
      number: c.number,
      words: caseWords(c),
      step: c.step,
      field: c.field,
      claim: c.claim,
      value: String(c.value),
      truth: String(c.truth),
      ok: happened === undefined,
      liar,
      answered,
      read,
      ...(happened !== undefined ? { happened } : {}),
      durationMs: Math.round(performance.now() - begun),
    };
    if (happened === undefined) return { outcome, conversations };
    const error = new LyingLengthError({
      file: spec.file,
      field: c.field,
      step: c.step,
      value: String(c.value),
      truth: String(c.truth),
      happened,
      ...(cause ? { cause } : {}),
    });
    return { outcome, error, conversations };
  };

  const exited = await ctx.started?.exited?.(EXIT_GRACE_MS);
  if (exited !== undefined) return done(exited, replay?.failure);
  if (!replay) {
    // The lie never went out: a step before it failed, or it could not be encoded.
    const why = lying.failure?.message.split('\n')[0] ?? 'the lying send was not reached';
    return done(`the steps before the lying send failed: ${why}`, lying.failure);
  }
  if (replay.failure) return done(replayFailure(replay.failure), replay.failure);
  const after = await freshConnection(ctx.address, spec.timeout);
  if (after) return done(`after the liar closed, ${after}`);
  return done();
}

/** Waits until the server has read every byte the liar sent (bounded), or LIAR_READ_GAP_MS where that cannot be seen. */
async function serverRead(socket: Socket): Promise<LyingOutcome['read']> {
  const watch = watchPeer(socket, sharedDiagnostics);
  if ('why' in watch) {
    await sleep(LIAR_READ_GAP_MS);
    return 'timed';
  }
  return awaitOutcome(
    () => watch.readOutcome(),
    LIAR_READ_CAP_MS,
    () => socket.destroyed,
  );
}

/** What the replay's failure says happened to the server. */
function replayFailure(failure: TcpspecError): string {
  if (failure instanceof TargetUnreachableError) {
    return failure.reason.startsWith('connection refused')
      ? 'a fresh connection was refused'
      : `a fresh connection could not be made (${failure.reason})`;
  }
  if (failure instanceof StepTimeoutError) return `the replay timed out at step ${failure.step.index}`;
  if (failure instanceof StepError)
    return `the replay failed at step ${failure.step.index}: ${failure.detail.split('\n')[0]}`;
  return `the replay failed: ${failure.message.split('\n')[0]}`;
}

/** After the liar closed, a connection must still be accepted: undefined when it is, else what went wrong. */
async function freshConnection(address: Endpoint, timeoutMs: number): Promise<string | undefined> {
  try {
    const socket = await dial(address, timeoutMs);
    socket.destroy();
    return undefined;
  } catch (err) {
    if (err instanceof TargetUnreachableError)
      return err.reason.startsWith('connection refused')
        ? 'a fresh connection was refused'
        : `a fresh connection could not be made (${err.reason})`;
    throw err;
  }
}
