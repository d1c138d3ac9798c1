/**
 * The targets `tcpspec` knows by name, built by the command line and handed
 * to the target pool: the embedded fixtures (loaded when a run starts, so
 * `validate` never loads a server) and the container servers (testcontainers
 * loaded only when a spec starts one). testcontainers is an optional peer
 * dependency: a user who tests only their own servers and the embedded
 * fixtures does not install it, and a container target says what to install.
 */
import { containerServers } from '../containers/servers';
import type { TargetCatalog } from '../targets/pool';
import type { TargetProvider } from '../targets/target';
import type * as Containers from '../containers';

type ContainersModule = typeof Containers;

export async function builtinCatalog(): Promise<TargetCatalog> {
  const fixtures = await import('../../fixtures');
  return {
    // Fixtures first: a fixture and a container of the same name would be the fixture.
    servers: [...fixtures.fixtureProviders, ...containerTargets()],
    clients: fixtures.fixtureClients,
  };
}

/** One provider per container target, loading the container machinery on its first start. */
function containerTargets(): TargetProvider[] {
  return containerServers.flatMap((server) =>
    server.targets.map((target): TargetProvider => ({
      name: target.name,
      kind: 'container',
      description: target.description,
      start: async () => {
        const { containerProviders } = await loadContainers();
        const provider = containerProviders.find((p) => p.name === target.name);
        if (!provider) throw new Error(`no container provides "${target.name}"`);
        return provider.start();
      },
    })),
  );
}

/** What to install when a container target is asked for without testcontainers. */
export const CONTAINERS_MISSING =
  'container targets need the optional package testcontainers 11.x, which is not installed: run `npm install --save-dev testcontainers@11` (and have Docker)';

/** The container machinery; a missing testcontainers becomes a message saying what to install. */
export async function loadContainers(
  load: () => Promise<ContainersModule> = () => import('../containers'),
): Promise<ContainersModule> {
  try {
    return await load();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'MODULE_NOT_FOUND' && /'testcontainers'/.test(e.message))
      throw new Error(CONTAINERS_MISSING, { cause: err });
    throw err;
  }
}
