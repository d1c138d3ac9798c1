import { formatEndpoint } from '../../net/endpoint';
import { describeReadiness, type Readiness, type ReadinessProbe } from './readiness';

/** Pause between two probes of a server that is not ready yet. */
const RETRY_MS = 100;
/** Bound of one probe, so a silent server is asked again. */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * Probes host:port until `probe` says ready. Rejects after `timeoutMs` with
 * what was awaited and the last answer, or as soon as `stillRunning()` says
 * the server died.
 */
export async function waitUntilReady(
  host: string,
  port: number,
  probe: ReadinessProbe,
  timeoutMs: number,
  stillRunning: () => Promise<boolean> = () => Promise.resolve(true),
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const where = formatEndpoint({ host, port });
  for (;;) {
    const last: Readiness = await probe(host, port, Math.min(PROBE_TIMEOUT_MS, Math.max(1, deadline - Date.now())));
    if (last.ready) return;
    if (Date.now() >= deadline) {
      throw new Error(`${where} did not answer as ready after ${timeoutMs}ms; last probe: ${describeReadiness(last)}`);
    }
    if (!(await stillRunning())) {
      throw new Error(`the server exited before ${where} was ready; last probe: ${describeReadiness(last)}`);
    }
    await new Promise((r) => setTimeout(r, RETRY_MS));
  }
}
