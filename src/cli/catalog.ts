/**
 * The targets `tcpspec` knows by name, built by the command line and handed
 * to the target pool: the embedded fixtures (loaded when a run starts, so
 * `validate` never loads a server) and the container servers (testcontainers
 * loaded only when a spec starts one).
 */
import { containerServers } from '../containers/servers';
import type { TargetCatalog } from '../targets/pool';
import type { TargetProvider } from '../targets/target';

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
        const { containerProviders } = await import('../containers');
        const provider = containerProviders.find((p) => p.name === target.name);
        if (!provider) throw new Error(`no container provides "${target.name}"`);
        return provider.start();
      },
    })),
  );
}
