import { docker } from './docker-cli';

export type NetworkMode = 'host' | 'bridge';

let detected: Promise<NetworkMode> | undefined;

/**
 * How containers are networked: `host` when the engine has no bridge network
 * (dockerd --bridge=none), else `bridge` with mapped ports.
 * TCPSPEC_DOCKER_NETWORK=host|bridge overrides the detection.
 */
export function networkMode(): Promise<NetworkMode> {
  const forced = process.env.TCPSPEC_DOCKER_NETWORK;
  if (forced === 'host' || forced === 'bridge') return Promise.resolve(forced);
  if (forced) return Promise.reject(new Error(`TCPSPEC_DOCKER_NETWORK must be "host" or "bridge", not "${forced}"`));
  detected ??= docker(['network', 'inspect', 'bridge'], 15_000).then((r) => (r.ok ? 'bridge' : 'host'));
  return detected;
}
