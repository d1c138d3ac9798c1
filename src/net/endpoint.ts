/**
 * Where a connection goes or where a listener waits: a TCP host and port, or
 * a Unix socket path. Every address tcpspec prints (transcripts, errors,
 * "listening on", replay lines) is written by `formatEndpoint`, so a given
 * endpoint reads the same everywhere.
 */

/** A TCP address; an IPv6 host is written without brackets (`::1`). */
export interface TcpEndpoint {
  readonly host: string;
  readonly port: number;
}

/** A Unix domain socket (stream), by its path in the file system. */
export interface UnixEndpoint {
  readonly path: string;
}

export type Endpoint = TcpEndpoint | UnixEndpoint;

/** The carrier an endpoint names: the key of its module in `CARRIERS` (src/net/carriers.ts). */
export type EndpointKind = 'tcp' | 'unix';

export type EndpointOf<K extends EndpointKind> = { tcp: TcpEndpoint; unix: UnixEndpoint }[K];

export function endpointKind(endpoint: Endpoint): EndpointKind {
  return 'path' in endpoint ? 'unix' : 'tcp';
}

/** `127.0.0.1:6379`, `[::1]:6379`, `unix:/run/app.sock`. */
export function formatEndpoint(endpoint: Endpoint): string {
  if ('path' in endpoint) return `unix:${endpoint.path}`;
  return endpoint.host.includes(':') ? `[${endpoint.host}]:${endpoint.port}` : `${endpoint.host}:${endpoint.port}`;
}

/** Whether two endpoints name the same place, as written (no name lookup). */
export function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return formatEndpoint(a) === formatEndpoint(b);
}
