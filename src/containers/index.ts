/**
 * Real servers in containers (docker/*), as targets specs can name:
 * redis, memcached, nats, mqtt, smtp, http, textbook (+ -greeting, -timestamp),
 * postgres, mariadb, dns (+ -unbound, -knot, -bind9), ldap.
 */
import type { TargetProvider } from '../targets/target';
import { ContainerTargetProvider } from './container-provider';
import { containerServers } from './servers';

export const containerProviders: TargetProvider[] = containerServers.flatMap((server) =>
  server.targets.map((target) => new ContainerTargetProvider(server, target)),
);

export { stopAllContainers } from './registry';
export { sweepContainers } from './sweep';
export { findOrphans, sweepOrphans, ownerAlive, HOST_LABEL, PID_LABEL } from './owner';
export { provision, imageTags } from './images';
export { networkMode } from './network';
export { RUN_ID } from './owner';
export { containerServers } from './servers';
