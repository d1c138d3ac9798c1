import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { GenericContainer, type StartedTestContainer } from 'testcontainers';
import { docker } from './docker-cli';
import { configureTestcontainers } from './env';
import { imageTag } from './images';
import { networkMode } from './network';
import type { ContainerServer } from './servers';
import { LABEL, RUN_LABEL } from './sweep';
import { canConnect, waitForPort } from './wait-for-port';

const START_TIMEOUT_MS = Number(process.env.TCPSPEC_CONTAINER_START_TIMEOUT_MS ?? 60_000);
const READY_TIMEOUT_MS = Number(process.env.TCPSPEC_CONTAINER_READY_TIMEOUT_MS ?? 30_000);

/** Labels this process's containers, so a sweep can tell runs apart. */
export const RUN_ID = `${process.pid}-${randomUUID().slice(0, 8)}`;

/** A container that accepts connections on every port of its server. */
export interface RunningContainer {
  readonly id: string;
  readonly host: string;
  /** The address to reach the container's port `port` at. */
  portFor(port: number): number;
  /** Stops and removes the container (idempotent). */
  stop(): Promise<void>;
}

const live = new Set<string>();

// Ryuk is off, so nothing else removes what a process that exits leaves behind.
let exitHookInstalled = false;
function removeOnExit(id: string): void {
  live.add(id);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    if (live.size > 0) spawnSync('docker', ['rm', '-f', ...live], { timeout: 10_000, stdio: 'ignore' });
  });
}

async function tailLogs(id: string): Promise<string> {
  const logs = await docker(['logs', '--tail', '20', id], 10_000);
  return `${logs.stdout}${logs.stderr}`.trim() || '(no output)';
}

async function isRunning(id: string): Promise<boolean> {
  const state = await docker(['inspect', '-f', '{{.State.Running}}', id], 10_000);
  return !state.ok || state.stdout.trim() === 'true';
}

/**
 * Starts the server's image (building it first if needed) with host
 * networking or mapped ports, and resolves once every port accepts a TCP
 * connection. Rejects saying what was awaited and for how long, with the
 * container's last log lines.
 */
export async function startContainer(server: ContainerServer): Promise<RunningContainer> {
  configureTestcontainers();
  const [tag, mode] = await Promise.all([imageTag(server.image), networkMode()]);
  const ports = server.targets.map((t) => t.port);

  let request = new GenericContainer(tag)
    .withLabels({ [LABEL]: '1', [RUN_LABEL]: RUN_ID, 'tcpspec.server': server.image })
    .withStartupTimeout(START_TIMEOUT_MS);
  if (mode === 'host') {
    // Host networking shares the host's ports: refuse to talk to a stranger.
    for (const port of ports) {
      if (await canConnect('127.0.0.1', port, 500)) {
        throw new Error(
          `cannot start ${server.image}: 127.0.0.1:${port} is already in use by another process ` +
            `(a leftover tcpspec container? docker rm -f $(docker ps -aq --filter label=tcpspec=1))`,
        );
      }
    }
    request = request.withNetworkMode('host').withEnvironment({ BIND_ADDR: '127.0.0.1' });
  } else {
    request = request.withExposedPorts(...ports).withEnvironment({ BIND_ADDR: '0.0.0.0' });
  }

  let started: StartedTestContainer;
  try {
    started = await request.start();
  } catch (error) {
    throw new Error(`cannot start container ${tag} (${mode} network): ${(error as Error).message}`, { cause: error });
  }
  const id = started.getId();
  removeOnExit(id);
  const host = mode === 'host' ? '127.0.0.1' : started.getHost();
  const portFor = (port: number): number => (mode === 'host' ? port : started.getMappedPort(port));
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= started
      .stop({ remove: true, timeout: 0 })
      .then(() => undefined)
      .finally(() => live.delete(id));
    return stopping;
  };

  try {
    for (const port of ports) {
      await waitForPort(host, portFor(port), READY_TIMEOUT_MS, () => isRunning(id));
    }
  } catch (error) {
    const logs = await tailLogs(id);
    await stop().catch(() => undefined);
    throw new Error(`container ${tag} is not ready: ${(error as Error).message}\nits last log lines:\n${logs}`, {
      cause: error,
    });
  }
  return { id, host, portFor, stop };
}
