/**
 * One spec, one verdict: resolves the target, plays the spec in its role, and
 * gathers the conversations into a SpecResult. Every user-caused problem ends
 * up in `failure` as a typed error; a thrown error is a bug in tcpspec.
 */
import { SpecError, TargetMissingError, TargetUnknownError, TcpspecError } from '../errors';
import { playAsClient } from '../peer/client';
import type { Conversation, PeerOptions } from '../peer/client';
import { formatAddress, listenAsServer } from '../peer/server';
import type { ListeningPeer } from '../peer/server';
import { loadSpecOrError } from '../spec/load';
import type { ListenAddress, Spec } from '../spec/types';
import { TargetPool } from '../targets/pool';
import type { TargetAddress } from '../targets/target';

export type SpecStatus = 'passed' | 'failed' | 'error';

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
}

export interface RunOptions {
  /** Overrides the spec's `target:` (client role). */
  readonly target?: TargetAddress;
  /** Overrides the spec's `listen:` (server role). */
  readonly listen?: ListenAddress;
  /** Shared between specs so a named target starts once; a private one is made (and stopped) otherwise. */
  readonly pool?: TargetPool;
  readonly peer?: PeerOptions;
  /** The spec collection's root for `file:` payloads (default: see findSpecRoot). */
  readonly root?: string;
  /** Server role: called once the mock server listens (the CLI prints the address). */
  readonly onListening?: (address: ListenAddress) => void;
}

function statusOf(failure: TcpspecError | undefined): SpecStatus {
  if (!failure) return 'passed';
  return failure.exitStatus === 2 ? 'error' : 'failed';
}

function result(
  spec: Spec | { readonly file: string; readonly name: string },
  started: number,
  conversations: readonly Conversation[],
  failure?: TcpspecError,
  address?: string,
): SpecResult {
  const status = statusOf(failure);
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
  if (spec instanceof SpecError) return result({ file, name: file }, started, [], spec);
  return runSpec(spec, options);
}

/** Runs a loaded spec once in its role. */
export async function runSpec(spec: Spec, options: RunOptions = {}): Promise<SpecResult> {
  const started = performance.now();
  const pool = options.pool ?? new TargetPool();
  try {
    return spec.role === 'server'
      ? await runServerRole(spec, options, pool, started)
      : await runClientRole(spec, options, pool, started);
  } catch (err) {
    if (err instanceof TcpspecError) return result(spec, started, [], err);
    throw err;
  } finally {
    if (!options.pool) await pool.stopAll();
  }
}

async function runClientRole(spec: Spec, options: RunOptions, pool: TargetPool, started: number): Promise<SpecResult> {
  const address = await resolveAddress(spec, options, pool);
  const conversation = await playAsClient(spec, address, options.peer);
  return result(spec, started, [conversation], conversation.failure, formatAddress(address));
}

/** The address a client-role spec connects to: `--target`, else its named target. */
export async function resolveAddress(spec: Spec, options: RunOptions, pool: TargetPool): Promise<TargetAddress> {
  if (options.target) return options.target;
  if (!spec.target) throw new TargetMissingError(spec.file);
  const started = await pool.start(spec.target.name, spec.target.loc);
  return { host: started.host, port: started.port };
}

async function runServerRole(spec: Spec, options: RunOptions, pool: TargetPool, started: number): Promise<SpecResult> {
  const peer: ListeningPeer = await listenAsServer(spec, {
    ...options.peer,
    ...(options.listen ? { listen: options.listen } : {}),
  });
  options.onListening?.(peer.address);
  // A named client under test is started against our address; without one we wait for outside clients.
  const client = spec.target ? pool.client(spec.target.name) : undefined;
  if (spec.target && !client) {
    peer.close();
    await peer.conversations;
    throw new TargetUnknownError({
      target: spec.target.name,
      known: pool.knownNames(),
      where: spec.target.loc,
      wanted: 'client',
    });
  }
  const clientRun = client?.run(peer.address).catch(() => undefined);
  const outcome = await peer.conversations;
  peer.close();
  // The client under test lost its peer above; it gets at most one more timeout to finish.
  await Promise.race([clientRun, new Promise((resolve) => setTimeout(resolve, spec.timeout).unref())]);
  const failure = outcome.conversations.find((c) => c.failure)?.failure ?? outcome.acceptFailure;
  return result(spec, started, outcome.conversations, failure, formatAddress(peer.address));
}
