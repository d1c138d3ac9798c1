import { GenericContainer, type StartedTestContainer } from 'testcontainers';
import { docker } from './docker-cli';
import { configureTestcontainers } from './env';
import { freeLoopbackPort } from './free-port';
import { imageTag } from './images';
import { networkMode } from './network';
import { ownerLabels, removeAtExit, removeOnExit, RUN_ID, sweepOrphansOnce } from './owner';
import type { ContainerServer, ContainerTargetSpec } from './servers';
import { waitUntilReady } from './ready/wait-until-ready';

const START_TIMEOUT_MS = Number(process.env.TCPSPEC_CONTAINER_START_TIMEOUT_MS ?? 60_000);
const READY_TIMEOUT_MS = Number(process.env.TCPSPEC_CONTAINER_READY_TIMEOUT_MS ?? 30_000);
/** With host networking another process may take a chosen port before the server binds it: start again. */
const HOST_PORT_ATTEMPTS = 3;

export { RUN_ID };

/** A container whose every listener is ready (see `ContainerTargetSpec.ready`). */
export interface RunningContainer {
  readonly id: string;
  readonly host: string;
  /** The port on `host` where the container serves `target`. */
  portOf(target: ContainerTargetSpec): number;
  /** Stops and removes the container (idempotent). */
  stop(): Promise<void>;
  /** How the container ended, as the engine tells, when it ends within `withinMs`; undefined while it runs. */
  exited(withinMs: number): Promise<string | undefined>;
}

/** How often the engine is asked whether a container still runs, while a caller waits to know. */
const EXIT_POLL_MS = 100;

/** The engine's word on a container: undefined while it runs (or when the engine cannot say). */
async function endingOf(id: string): Promise<string | undefined> {
  const state = await docker(
    ['inspect', '-f', '{{.State.Running}} {{.State.ExitCode}} {{.State.OOMKilled}}', id],
    10_000,
  );
  if (!state.ok) return undefined;
  const [running, code, oom] = state.stdout.trim().split(' ');
  if (running === 'true') return undefined;
  return `the container exited with status ${code}${oom === 'true' ? ' (killed for lack of memory)' : ''}`;
}

async function exitedWithin(id: string, withinMs: number): Promise<string | undefined> {
  const until = performance.now() + withinMs;
  for (;;) {
    const ending = await endingOf(id);
    if (ending !== undefined || performance.now() >= until) return ending;
    await new Promise((resolve) => setTimeout(resolve, EXIT_POLL_MS));
  }
}

async function tailLogs(id: string): Promise<string> {
  const logs = await docker(['logs', '--tail', '20', id], 10_000);
  return `${logs.stdout}${logs.stderr}`.trim() || '(no output)';
}

async function isRunning(id: string): Promise<boolean> {
  const state = await docker(['inspect', '-f', '{{.State.Running}}', id], 10_000);
  return !state.ok || state.stdout.trim() === 'true';
}

/** The environment variables that carry the server's ports: one per distinct `portEnv`. */
function portEnvs(server: ContainerServer): Map<string, number> {
  const envs = new Map<string, number>();
  for (const t of server.targets) if (!envs.has(t.portEnv)) envs.set(t.portEnv, t.port);
  return envs;
}

/** One target per distinct `portEnv`: whose readiness probe stands for that listener. */
function listeners(server: ContainerServer): ContainerTargetSpec[] {
  const seen = new Set<string>();
  return server.targets.filter((t) => !seen.has(t.portEnv) && seen.add(t.portEnv));
}

/** The server did not get as far as accepting connections; `exited` says whether it died (a port taken, say). */
class NotReadyError extends Error {
  constructor(
    message: string,
    readonly exited: boolean,
    cause: unknown,
  ) {
    super(message, { cause });
  }
}

/**
 * Starts the server's image (building it first if needed) and resolves once
 * every listener is ready: it answers its own protocol where the server has
 * a probe for it (servers.ts), else it accepts a TCP connection. With host networking each listener
 * gets a free loopback port chosen now and passed in its `portEnv`; with
 * mapped ports the image's default ports are published on free host ports.
 * Rejects saying what was awaited and for how long, with the container's
 * last log lines.
 */
export async function startContainer(server: ContainerServer): Promise<RunningContainer> {
  configureTestcontainers();
  const [tag, mode] = await Promise.all([imageTag(server.image), networkMode(), sweepOrphansOnce()]);
  if (mode === 'bridge') return startOnce(server, tag, mode);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(server, tag, mode);
    } catch (error) {
      if (!(error instanceof NotReadyError && error.exited) || attempt >= HOST_PORT_ATTEMPTS) throw error;
    }
  }
}

async function startOnce(server: ContainerServer, tag: string, mode: 'host' | 'bridge'): Promise<RunningContainer> {
  const defaults = portEnvs(server);
  let request = new GenericContainer(tag)
    .withLabels({ ...ownerLabels(), 'tcpspec.server': server.image })
    .withStartupTimeout(START_TIMEOUT_MS);
  const ports = new Map<string, number>();
  if (mode === 'host') {
    for (const env of defaults.keys()) ports.set(env, await freeLoopbackPort());
    request = request
      .withNetworkMode('host')
      .withEnvironment({ BIND_ADDR: '127.0.0.1', ...Object.fromEntries(ports) })
      // `docker ps` then says which run holds which port.
      .withLabels({ 'tcpspec.ports': [...ports].map(([env, port]) => `${env}=${port}`).join(',') });
  } else {
    request = request.withExposedPorts(...defaults.values()).withEnvironment({ BIND_ADDR: '0.0.0.0' });
  }

  let started: StartedTestContainer;
  removeAtExit();
  try {
    started = await request.start();
  } catch (error) {
    throw new Error(`cannot start container ${tag} (${mode} network): ${(error as Error).message}`, {
      cause: error,
    });
  }
  const id = started.getId();
  const forget = removeOnExit(id);
  const host = mode === 'host' ? '127.0.0.1' : started.getHost();
  const portOfEnv = (env: string): number => {
    if (mode === 'host') return ports.get(env)!;
    return started.getMappedPort(defaults.get(env)!);
  };
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= started
      .stop({ remove: true, timeout: 0 })
      .then(() => undefined)
      .finally(forget);
    return stopping;
  };

  try {
    for (const listener of listeners(server)) {
      await waitUntilReady(host, portOfEnv(listener.portEnv), listener.ready, READY_TIMEOUT_MS, () => isRunning(id));
    }
    // A server that could not bind its port (taken by another process meanwhile) exits now.
    if (mode === 'host' && !(await isRunning(id))) throw new Error('the server exited after its ports answered');
  } catch (error) {
    const logs = await tailLogs(id);
    const exited = !(await isRunning(id));
    await stop().catch(() => undefined);
    throw new NotReadyError(
      `container ${tag} is not ready: ${(error as Error).message}\nits last log lines:\n${logs}`,
      exited,
      error,
    );
  }
  return {
    id,
    host,
    portOf: (target) => portOfEnv(target.portEnv),
    stop,
    exited: (withinMs) => exitedWithin(id, withinMs),
  };
}
