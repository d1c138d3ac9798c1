/**
 * Where the mock server listens, as the variables a client under test is
 * given: `host` and `port` for TCP, `path` for a Unix socket (the names in
 * `CLIENT_VARIABLES`). The same values fill `${name}` in a spec's `client:`,
 * `{name}` in `--client`, and `TCPSPEC_NAME` in its environment.
 */
import type { ListenAddress } from '../spec/types';

export function listenVars(address: ListenAddress): Readonly<Record<string, string>> {
  return 'path' in address ? { path: address.path } : { host: address.host, port: String(address.port) };
}

/** `TCPSPEC_HOST` and `TCPSPEC_PORT`, or `TCPSPEC_PATH`. */
export function listenEnv(address: ListenAddress): Readonly<Record<string, string>> {
  return Object.fromEntries(Object.entries(listenVars(address)).map(([k, v]) => [`TCPSPEC_${k.toUpperCase()}`, v]));
}

/** `--client` words with `{host}`, `{port}` or `{path}` filled in. */
export function fillBraces(word: string, address: ListenAddress): string {
  return Object.entries(listenVars(address)).reduce((w, [k, v]) => w.replaceAll(`{${k}}`, v), word);
}
