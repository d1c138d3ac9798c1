import { connect } from 'node:net';

/** Resolves true when a TCP connection to host:port is accepted within `timeoutMs`. */
export function canConnect(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Polls until host:port accepts a TCP connection. Rejects after `timeoutMs`
 * with what was awaited, or as soon as `stillRunning()` says the server died.
 */
export async function waitForPort(
  host: string,
  port: number,
  timeoutMs: number,
  stillRunning: () => Promise<boolean> = () => Promise.resolve(true),
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await canConnect(host, port, Math.min(1_000, Math.max(1, deadline - Date.now())))) return;
    if (Date.now() >= deadline) {
      throw new Error(`TCP port ${host}:${port} did not accept a connection after ${timeoutMs}ms`);
    }
    if (!(await stillRunning())) {
      throw new Error(`the server exited before ${host}:${port} accepted a connection`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
