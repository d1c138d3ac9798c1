/**
 * What a command has started and must stop when it is interrupted: the target
 * pool, listening mock servers, client processes. Runners register a stop
 * function where they start something and drop it when they stopped it
 * themselves; `stopAll()` (on SIGINT or SIGTERM) runs what is still registered.
 */
import { ErrorCode, TcpspecError } from '../errors';
import { INTERRUPTED_MESSAGE } from '../report/messages/input-messages';

/** The command is stopping (SIGINT, SIGTERM): a spec asked to start now is not run. */
export class InterruptedError extends TcpspecError {
  readonly code = ErrorCode.Interrupted;
  readonly exitStatus = 2 as const;
  constructor() {
    super(INTERRUPTED_MESSAGE);
  }
}

export type Stop = () => void | Promise<void>;

export class ShutdownRegistry {
  private readonly stops = new Set<Stop>();
  private stopping: Promise<void> | undefined;

  /** Registers `stop`; the returned function unregisters it. After `stopAll()` began, `stop` runs at once. */
  register(stop: Stop): () => void {
    if (this.stopping) {
      void Promise.resolve()
        .then(stop)
        .catch(() => undefined);
      return () => undefined;
    }
    this.stops.add(stop);
    return () => this.stops.delete(stop);
  }

  /** True once `stopAll()` was called: a runner starts nothing new after it. */
  get stopped(): boolean {
    return this.stopping !== undefined;
  }

  /** Runs every registered stop at once and waits for all of them (one failing does not keep the others). */
  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      const all = [...this.stops];
      this.stops.clear();
      await Promise.allSettled(all.map(async (stop) => stop()));
    })();
    return this.stopping;
  }
}
