/**
 * The servers under docker/: one image per folder, each listening on fixed,
 * non-standard ports (host networking shares the host's ports, which may
 * already run a server on the standard one). docker/README.md lists the same.
 */
export interface ContainerServer {
  /** Folder under docker/ and the image name `tcpspec/<image>`. */
  readonly image: string;
  /** Targets this container serves; all share one running container. */
  readonly targets: readonly ContainerTargetSpec[];
}

export interface ContainerTargetSpec {
  /** The name a spec uses in `target:`. */
  readonly name: string;
  /** Port inside the container; also the host port with host networking. */
  readonly port: number;
  readonly description: string;
}

export const containerServers: readonly ContainerServer[] = [
  { image: 'redis', targets: [{ name: 'redis', port: 16379, description: 'Redis 7 (redis-server), RESP2/RESP3' }] },
  { image: 'memcached', targets: [{ name: 'memcached', port: 21211, description: 'memcached 1.6, text protocol' }] },
  { image: 'nats', targets: [{ name: 'nats', port: 14222, description: 'NATS server 2.9, max_payload 1024' }] },
  { image: 'mqtt', targets: [{ name: 'mqtt', port: 11883, description: 'Mosquitto 2.0 MQTT broker, anonymous' }] },
  { image: 'smtp', targets: [{ name: 'smtp', port: 12525, description: 'Postfix 3.7 SMTP server for tcpspec.test' }] },
  {
    image: 'http',
    targets: [{ name: 'http', port: 18080, description: 'nginx 1.22, HTTP/1.1 keep-alive and chunked' }],
  },
  {
    image: 'textbook',
    targets: [
      { name: 'textbook', port: 17001, description: 'textbook echo server (Python 3)' },
      { name: 'textbook-greeting', port: 17002, description: 'textbook greeting server: "Hallo Client!" per message' },
      { name: 'textbook-timestamp', port: 17003, description: 'textbook timestamp server: "[<ctime>] <message>"' },
    ],
  },
];
