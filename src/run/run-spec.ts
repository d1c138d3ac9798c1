/**
 * One spec, one verdict: resolves the target, plays the spec in its role, and
 * gathers the conversations into a SpecResult. Every user-caused problem ends
 * up in `failure` as a typed error; a thrown error is a bug in tcpspec.
 */
import { TcpspecError } from '../errors';
import { InterruptedError } from './shutdown';
import { TargetMissingError } from '../targets/errors';
import { SpecError } from '../yaml/spec-error';
import { playAsClient } from '../peer/client';
import type { Conversation, PeerOptions } from '../peer/client';
import { formatEndpoint } from '../net/endpoint';
import type { Endpoint } from '../net/endpoint';
import { listenAsServer } from '../peer/server';
import type { ListeningPeer } from '../peer/server';
import { loadSpecOrError } from '../load/load';
import type { ListenAddress, Spec } from '../spec/types';
import { TargetPool } from '../targets/pool';
import { chooseClient, clientVars } from '../clients/client-for-spec';
import type { ChosenClient, ClientCommandLine } from '../clients/client-for-spec';
import type { ClientFailedError } from '../clients/errors';
import { judgeClient } from '../clients/judge';
import type { ClientOutcome, RunningClient } from '../clients/types';

import type { ShutdownRegistry } from './shutdown';
import { verdictOf } from '../verdict';
import type { Verdict } from '../verdict';

/** The verdict of a run: kept as a name for library users. */
export type SpecStatus = Verdict;

export interface SpecResult {
  readonly file: string;
  readonly name: string;
  readonly role?: 'client' | 'server';
  readonly status: SpecStatus;
  readonly ok: boolean;
  readonly durationMs: number;
  readonly failure?: TcpspecError;
  readonly conversations: readonly Conversation[];
  /** Where the conversation took place: the target (client role) or the bound address (server role). */
  readonly address?: string;
  /** The loaded spec; absent when the file did not load. */
  readonly spec?: Spec;
  /** Server role: the client under test tcpspec started, and how it ended. */
  readonly client?: ClientResult;
}

export interface ClientResult {
  /** The command line, or the embedded client's name. */
  readonly description: string;
  readonly outcome: ClientOutcome;
  /** Set when it exited differently or printed something else (even if a step failed first). */
  readonly failure?: ClientFailedError;
}

export interface RunOptions {
  /** Overrides the spec's `target:` (client role). */
  readonly target?: Endpoint;
  /** Overrides the spec's `listen:` (server role). */
  readonly listen?: ListenAddress;
  /** Shared between specs so a named target starts once; a private one is made (and stopped) otherwise. */
  readonly pool?: TargetPool;
  readonly peer?: PeerOptions;
  /** The spec collection's root for `file:` payloads (default: see findSpecRoot). */
  readonly root?: string;
  /** Server role: `--client "CMD ..."`, started instead of the spec's client (fuzz starts it afresh for every case). */
  readonly client?: ClientCommandLine;
  /** Server role: called once the mock server listens (the CLI prints the address). */
  readonly onListening?: (address: ListenAddress) => void;
  /** Where what this run starts (a listening mock server) is registered, so an interrupt stops it. */
  readonly shutdown?: ShutdownRegistry;
}

/** The result of one spec: its verdict from `failure`, how long since `started`, what crossed the wire. */
export function specResult(
  spec: Spec | { readonly file: string; readonly name: string },
  started: number,
  conversations: readonly Conversation[],
  failure?: TcpspecError,
  address?: string,
): SpecResult {
  const status = verdictOf(failure);
  return {
    file: spec.file,
    name: spec.name,
    ...('steps' in spec ? { role: spec.role, spec } : {}),
    status,
    ok: status === 'passed',
    durationMs: Math.round(performance.now() - started),
    ...(failure ? { failure } : {}),
    conversations,
    ...(address ? { address } : {}),
  };
}

/** Loads and runs one spec file; a spec that does not load is a result with status `error`. */
export async function runSpecFile(file: string, options: RunOptions = {}): Promise<SpecResult> {
  const started = performance.now();
  const spec = loadSpecOrError(file, options.root !== undefined ? { root: options.root } : {});
  if (spec instanceof SpecError) return specResult({ file, name: file }, started, [], spec);
  return runSpec(spec, options);
}

/** Runs a loaded spec once in its role. */
export async function runSpec(spec: Spec, options: RunOptions = {}): Promise<SpecResult> {
  const started = performance.now();
  // After an interrupt nothing new starts (a fuzz loop still generating cases would restart its target).
  if (options.shutdown?.stopped) return specResult(spec, started, [], new InterruptedError());
  const pool = options.pool ?? new TargetPool();
  try {
    return spec.role === 'server'
      ? await runServerRole(spec, options, pool, started)
      : await runClientRole(spec, options, pool, started);
  } catch (err) {
    if (err instanceof TcpspecError) return specResult(spec, started, [], err);
    throw err;
  } finally {
    if (!options.pool) await pool.stopAll();
  }
}

async function runClientRole(spec: Spec, options: RunOptions, pool: TargetPool, started: number): Promise<SpecResult> {
  const address = await resolveAddress(spec, options, pool);
  const conversation = await playAsClient(spec, address, {
    // A target tcpspec starts itself (fixture, container) answers TLS as localhost.
    ...(options.target ? {} : { servername: 'localhost' }),
    // `connect: { target: NAME }` starts another named target from the same pool.
    resolveTarget: async (name, where) => {
      const other = await pool.start(name, where);
      return { address: { host: other.host, port: other.port }, servername: 'localhost' };
    },
    ...options.peer,
  });
  return specResult(spec, started, [conversation], conversation.failure, formatEndpoint(address));
}

/** The address a client-role spec connects to: `--target`, else its named target. */
export async function resolveAddress(spec: Spec, options: RunOptions, pool: TargetPool): Promise<Endpoint> {
  if (options.target) return options.target;
  if (!spec.target) throw new TargetMissingError({ file: spec.file });
  const started = await pool.start(spec.target.name, spec.target.loc);
  return { host: started.host, port: started.port };
}

/** After the steps failed, how long a client under test may take to end on its own before it is killed. */
const CLIENT_STOP_GRACE_MS = 1000;
/** After a client under test ended, how long a connection it opened may take to be accepted. */
const CLIENT_GONE_GRACE_MS = 100;

async function runServerRole(spec: Spec, options: RunOptions, pool: TargetPool, started: number): Promise<SpecResult> {
  const peer: ListeningPeer = await listenAsServer(spec, {
    ...options.peer,
    ...(options.listen ? { listen: options.listen } : {}),
  });
  // A client under test is started against our address; without one we wait for outside clients.
  let running: RunningClient | undefined;
  // An interrupt stops the mock server and the client under test it started.
  const unregister = options.shutdown?.register(() => {
    peer.close();
    running?.stop();
  });
  options.onListening?.(peer.address);
  let chosen: ChosenClient | undefined;
  try {
    chosen = chooseClient(
      spec,
      options.client,
      (name) => pool.client(name),
      () => pool.knownNames(),
    );
    // After an interrupt nothing new is started.
    if (!options.shutdown?.stopped) running = await chosen?.launcher.start(peer.address);
  } catch (err) {
    peer.close();
    unregister?.();
    await peer.conversations;
    throw err;
  }
  const client = running;
  // A client that ended without connecting will not connect: stop waiting for it, after a moment for a
  // connection it opened just before it exited to be accepted.
  // Unref'd: the mock server holds the run open while it waits, and past that the call does nothing.
  void client?.done.then(() => setTimeout(() => peer.clientEnded(), CLIENT_GONE_GRACE_MS).unref());
  // An interrupt kills it at once (with its process group) and waits until it is gone.
  const unregisterClient =
    client &&
    options.shutdown?.register(async () => {
      client.stop();
      await client.done;
    });
  try {
    const outcome = await peer.conversations;
    peer.close();
    const stepFailure = outcome.conversations.find((c) => c.failure)?.failure ?? outcome.acceptFailure;
    let judged: ClientResult | undefined;
    let failure: TcpspecError | undefined = stepFailure;
    if (running && chosen) {
      // The verdict is in when a step failed: the client lost its peer and gets a moment to end before it is killed.
      const stop = stepFailure ? setTimeout(() => running.stop(), CLIENT_STOP_GRACE_MS) : undefined;
      const ended = await running.done;
      clearTimeout(stop);
      const clientFailure = judgeClient(ended, chosen.expected, clientVars(spec, peer.address), chosen);
      judged = {
        description: chosen.description,
        outcome: ended,
        ...(clientFailure ? { failure: clientFailure } : {}),
      };
      // A client that never connected says why in its own output: its failure is the better message.
      if (!stepFailure || (stepFailure === outcome.acceptFailure && clientFailure)) failure = clientFailure;
    }
    return {
      ...specResult(spec, started, outcome.conversations, failure, formatEndpoint(peer.address)),
      ...(judged ? { client: judged } : {}),
    };
  } finally {
    running?.stop();
    unregisterClient?.();
    unregister?.();
  }
}
