import { withProbeSocket } from './probe-socket';
import { READY, type ReadinessProbe } from './readiness';

/** Ready when a TCP connection is accepted: for servers with no probe of their own protocol. */
export const acceptsConnection: ReadinessProbe = (host, port, timeoutMs) =>
  withProbeSocket(host, port, timeoutMs, () => Promise.resolve(READY));
