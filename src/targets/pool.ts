/**
 * Starts named targets on demand and shares them: the first spec that asks
 * for `target: redis` starts it, later ones reuse it, and `stopAll()` releases
 * every one. Which names exist is the catalog handed in: the CLI gives the
 * embedded fixtures and the container servers, a test gives what it needs.
 */
import { TcpspecError } from '../errors';
import { TargetStartError, TargetUnknownError } from './errors';
import type { SourceLocation } from '../errors';
import type { ClientUnderTest, StartedTarget, TargetProvider } from './target';

/** The targets a pool can start (servers) or run against a mock server (clients under test), by name. */
export interface TargetCatalog {
  readonly servers: readonly TargetProvider[];
  readonly clients: readonly ClientUnderTest[];
}

/** No named targets: every spec needs `--target` (or an address in its options). */
export const EMPTY_CATALOG: TargetCatalog = { servers: [], clients: [] };

export class TargetPool {
  private readonly started = new Map<string, Promise<StartedTarget>>();

  constructor(private readonly catalog: TargetCatalog = EMPTY_CATALOG) {}

  /** The client under test called `name`, if there is one. */
  client(name: string): ClientUnderTest | undefined {
    return this.catalog.clients.find((c) => c.name === name);
  }

  /** Starts (once) and returns the server called `name`; TargetUnknownError when nothing provides it. */
  start(name: string, where?: SourceLocation): Promise<StartedTarget> {
    let p = this.started.get(name);
    if (!p) {
      const provider = this.catalog.servers.find((s) => s.name === name);
      if (!provider)
        return Promise.reject(
          new TargetUnknownError({ target: name, known: this.knownNames(), ...(where ? { where } : {}) }),
        );
      p = provider.start().catch((err: unknown) => {
        throw err instanceof TcpspecError
          ? err
          : new TargetStartError({
              target: name,
              reason: err instanceof Error ? err.message : String(err),
              cause: err,
              ...(where ? { where } : {}),
            });
      });
      this.started.set(name, p);
      // A failed start is not cached, so the next spec reports it too.
      p.catch(() => this.started.delete(name));
    }
    return p;
  }

  /** Every name the catalog knows, servers and clients, sorted. */
  knownNames(): string[] {
    const names = [...this.catalog.servers.map((s) => s.name), ...this.catalog.clients.map((c) => c.name)];
    return [...new Set(names)].sort();
  }

  /** Stops the target called `name` if this pool started it; the next `start` starts it afresh. */
  async release(name: string): Promise<void> {
    const p = this.started.get(name);
    this.started.delete(name);
    await p?.then((t) => t.stop()).catch(() => undefined);
  }

  /** Stops every target this pool started. */
  async stopAll(): Promise<void> {
    const all = [...this.started.values()];
    this.started.clear();
    await Promise.allSettled(all.map(async (p) => (await p).stop()));
  }
}
