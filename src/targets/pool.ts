/**
 * Starts named targets on demand and shares them: the first spec that asks
 * for `target: redis` starts it, later ones reuse it, and `stopAll()` releases
 * every one. Fixtures load at once (they are in-process); container support
 * loads only when a spec names a target no fixture provides.
 */
import { TargetStartError, TargetUnknownError, TcpspecError } from '../errors';
import type { SourceLocation } from '../errors';
import type { ClientUnderTest, StartedTarget, TargetProvider } from './target';

export interface TargetCatalog {
  readonly servers: readonly TargetProvider[];
  readonly clients: readonly ClientUnderTest[];
}

/** The embedded fixtures plus, loaded lazily, the container servers. */
export function defaultCatalog(): TargetCatalog {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, so that `validate` never loads a server (until the CLI hands the catalog in)
  const fixtures = require('../../fixtures') as {
    fixtureProviders: TargetProvider[];
    fixtureClients?: ClientUnderTest[];
  };
  return {
    servers: fixtures.fixtureProviders,
    clients: fixtures.fixtureClients ?? [],
  };
}

function containerProviders(): TargetProvider[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, so that testcontainers loads only when a spec names a container
  return (require('../containers') as { containerProviders: TargetProvider[] }).containerProviders;
}

export class TargetPool {
  private readonly started = new Map<string, Promise<StartedTarget>>();
  private catalog: TargetCatalog | undefined;

  constructor(
    private readonly load: () => TargetCatalog = defaultCatalog,
    private readonly containers: () => TargetProvider[] = containerProviders,
  ) {}

  private cat(): TargetCatalog {
    return (this.catalog ??= this.load());
  }

  /** The client under test called `name`, if there is one. */
  client(name: string): ClientUnderTest | undefined {
    return this.cat().clients.find((c) => c.name === name);
  }

  /** Starts (once) and returns the server called `name`; TargetUnknownError when nothing provides it. */
  start(name: string, where?: SourceLocation): Promise<StartedTarget> {
    let p = this.started.get(name);
    if (!p) {
      const provider =
        this.cat().servers.find((s) => s.name === name) ?? this.containers().find((s) => s.name === name);
      if (!provider) return Promise.reject(new TargetUnknownError(name, this.knownNames(), where));
      p = provider.start().catch((err: unknown) => {
        throw err instanceof TcpspecError
          ? err
          : new TargetStartError(name, err instanceof Error ? err.message : String(err), where);
      });
      this.started.set(name, p);
      // A failed start is not cached, so the next spec reports it too.
      p.catch(() => this.started.delete(name));
    }
    return p;
  }

  knownNames(): string[] {
    const names = [...this.cat().servers.map((s) => s.name), ...this.cat().clients.map((c) => c.name)];
    try {
      names.push(...this.containers().map((c) => c.name));
    } catch {
      // Container support may be absent from a trimmed install; fixtures still work.
    }
    return [...new Set(names)].sort();
  }

  /** Stops every target this pool started. */
  async stopAll(): Promise<void> {
    const all = [...this.started.values()];
    this.started.clear();
    await Promise.allSettled(all.map(async (p) => (await p).stop()));
  }
}
