/**
 * tcpspec/jest hands client code a host and a port, so its mock servers
 * listen on TCP: a spec (or option) that says `listen: unix:PATH` is refused
 * before anything listens, with the way out in the message.
 */
import type { Endpoint, TcpEndpoint } from '../net/endpoint';
import { formatEndpoint } from '../net/endpoint';
import { UsageError } from '../usage-error';

/** `address` when it is TCP; a UsageError naming `file` and the socket otherwise. */
export function tcpListenAddress(address: Endpoint, file: string): TcpEndpoint | UsageError {
  if (!('path' in address)) return address;
  return new UsageError(
    `${file}: tcpspec/jest gives your code a host and port, and this mock would listen on ${formatEndpoint(address)}; pass { listen: { host: '127.0.0.1', port: 0 } } or play it with tcpspec serve`,
  );
}
