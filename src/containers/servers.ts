import { acceptsConnection } from './ready/connect-probe';
import { dnsReady } from './ready/dns-probe';
import { ldapReady } from './ready/ldap-probe';
import { mariadbReady } from './ready/mariadb-probe';
import { memcachedBinaryReady } from './ready/memcached-binary-probe';
import { postgresReady } from './ready/postgres-probe';
import type { ReadinessProbe } from './ready/readiness';

/**
 * The servers under docker/: one image per folder. Each image reads the port
 * of every listener it has from an environment variable; with host
 * networking a free loopback port is chosen for each at start (so runs never
 * collide), with mapped ports the image's default port is mapped to a free
 * one by the engine. docker/README.md lists the same.
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
  /** The environment variable the image reads this listener's port from. */
  readonly portEnv: string;
  /** The port the image listens on when `portEnv` is not set (mapped ports). */
  readonly port: number;
  readonly description: string;
  /**
   * When the listener is ready: a probe of its own protocol where there is
   * one (a database that accepts connections may still be starting up).
   */
  readonly ready: ReadinessProbe;
}

function target(
  name: string,
  portEnv: string,
  port: number,
  description: string,
  ready: ReadinessProbe = acceptsConnection,
): ContainerTargetSpec {
  return { name, portEnv, port, description, ready };
}

/** An image that serves one target, named as the image, on the port its `PORT` sets. */
function singleTargetImage(image: string, port: number, description: string, ready?: ReadinessProbe): ContainerServer {
  return { image, targets: [target(image, 'PORT', port, description, ready)] };
}

const DNS_ZONE = 'tcpspec.test';

export const containerServers: readonly ContainerServer[] = [
  {
    image: 'redis',
    targets: [
      target('redis', 'PORT', 16379, 'Redis 7 (redis-server), RESP2/RESP3'),
      target('redis-tls', 'TLS_PORT', 16380, 'Redis 7 tls-port (self-signed localhost certificate)'),
    ],
  },
  singleTargetImage('memcached', 21211, 'memcached 1.6, text and binary protocols', memcachedBinaryReady),
  {
    image: 'nats',
    targets: [
      target('nats', 'PORT', 14222, 'NATS server 2.9, max_payload 1024'),
      target('nats-tls', 'TLS_PORT', 14223, 'NATS server 2.9 requiring TLS after INFO'),
    ],
  },
  {
    image: 'mqtt',
    targets: [
      target('mqtt', 'PORT', 11883, 'Mosquitto 2.0 MQTT broker, anonymous'),
      target('mqtt-tls', 'TLS_PORT', 18883, 'Mosquitto 2.0 TLS listener, same broker'),
    ],
  },
  {
    image: 'smtp',
    targets: [
      target('smtp', 'PORT', 12525, 'Postfix 3.7 SMTP server for tcpspec.test, STARTTLS'),
      target('smtp-postfix', 'PORT', 12525, 'Postfix 3.7 SMTP server for tcpspec.test, STARTTLS'),
    ],
  },
  singleTargetImage('smtp-exim', 12526, 'Exim 4.96 SMTP server for tcpspec.test, STARTTLS'),
  singleTargetImage('smtp-opensmtpd', 12527, 'OpenSMTPD 6.8 SMTP server for tcpspec.test, STARTTLS'),
  {
    image: 'http',
    targets: [
      target('http', 'PORT', 18080, 'nginx 1.22, HTTP/1.1 keep-alive and chunked'),
      target('http-nginx', 'PORT', 18080, 'nginx 1.22, HTTP/1.1 keep-alive and chunked'),
      target('https', 'TLS_PORT', 18443, 'nginx 1.22 over TLS, same locations'),
    ],
  },
  singleTargetImage('http-apache', 18081, 'Apache httpd 2.4, the same locations as nginx'),
  singleTargetImage('http-lighttpd', 18082, 'lighttpd 1.4, the same locations as nginx'),
  {
    image: 'textbook',
    targets: [
      target('textbook', 'ECHO_PORT', 17001, 'textbook echo server (Python 3)'),
      target('textbook-greeting', 'GREETING_PORT', 17002, 'textbook greeting server: "Hallo Client!" per message'),
      target('textbook-timestamp', 'TIMESTAMP_PORT', 17003, 'textbook timestamp server: "[<ctime>] <message>"'),
    ],
  },
  singleTargetImage(
    'postgres',
    15432,
    'PostgreSQL 15: trust, cleartext, md5 and SCRAM roles, TLS after SSLRequest',
    postgresReady('tcpspec', 'tcpspec'),
  ),
  singleTargetImage(
    'mariadb',
    13306,
    'MariaDB 10.11: mysql_native_password users, database tcpspec',
    mariadbReady('tcpspec_nopass'),
  ),
  {
    image: 'dns',
    targets: [
      target(
        'dns-unbound',
        'UNBOUND_PORT',
        15353,
        'Unbound 1.17 over TCP, authoritative for tcpspec.test',
        dnsReady(DNS_ZONE),
      ),
      target('dns-knot', 'KNOT_PORT', 15354, 'Knot DNS 3.2, authoritative for tcpspec.test', dnsReady(DNS_ZONE)),
      // specs/dns name `dns`: Knot, the one of the three that passes all of them (dns.matrix.yaml).
      target('dns', 'KNOT_PORT', 15354, 'Knot DNS 3.2, authoritative for tcpspec.test', dnsReady(DNS_ZONE)),
      target('dns-bind9', 'BIND9_PORT', 15355, 'BIND 9.18, authoritative for tcpspec.test', dnsReady(DNS_ZONE)),
    ],
  },
  singleTargetImage(
    'ldap',
    10389,
    'OpenLDAP 2.5 slapd, dc=tcpspec,dc=test',
    ldapReady('uid=alice,ou=people,dc=tcpspec,dc=test', 'alice-secret'),
  ),
];
