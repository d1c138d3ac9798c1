import type { StartedTarget, TargetProvider } from '../targets/target';
import { acquire, release } from './registry';
import type { ContainerServer, ContainerTargetSpec } from './servers';

/**
 * A target served by a container. `start()` takes a lease on the server's
 * container (started once per process, shared by all of its targets);
 * the StartedTarget's `stop()` returns the lease, and the last lease stops
 * the container. Hold one lease across a run to keep the container up.
 * The StartedTarget's port is the one the container really listens on
 * (chosen at start).
 */
export class ContainerTargetProvider implements TargetProvider {
  readonly kind = 'container' as const;
  readonly name: string;
  readonly description: string;

  constructor(
    private readonly server: ContainerServer,
    private readonly target: ContainerTargetSpec,
  ) {
    this.name = target.name;
    this.description = `${target.description}; container tcpspec/${server.image}, port chosen at start`;
  }

  async start(): Promise<StartedTarget> {
    const running = await acquire(this.server);
    let released: Promise<void> | undefined;
    return {
      name: this.name,
      host: running.host,
      port: running.portOf(this.target),
      stop: () => (released ??= release(this.server)),
      exited: (withinMs) => running.exited(withinMs),
    };
  }
}
