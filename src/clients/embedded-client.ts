/**
 * An embedded client under test (a fixture's ClientUnderTest, run in-process)
 * behind the same launcher as a command: what it resolves with is its stdout
 * and exit status 0; a rejection is exit status 1 with the reason as stderr.
 */
import { formatEndpoint } from '../net/endpoint';
import type { ClientUnderTest } from '../targets/target';
import { UsageError } from '../usage-error';
import { capturedText } from './output';
import type { ClientLauncher, ClientOutcome, RunningClient } from './types';

export function embeddedClient(client: ClientUnderTest, timeoutMs: number): ClientLauncher {
  return {
    description: client.name,
    timeoutMs,
    start: (address): Promise<RunningClient> => {
      if ('path' in address)
        return Promise.reject(
          new UsageError(
            `the embedded client ${client.name} connects over TCP and cannot reach ${formatEndpoint(address)}; listen on a port, or give client: { command: [...] }`,
          ),
        );
      const started = performance.now();
      const outcome = (
        fields: Pick<ClientOutcome, 'exitCode' | 'timedOut'>,
        out: string,
        err: string,
      ): ClientOutcome => ({
        ...fields,
        signal: null,
        stopped: false,
        stdout: capturedText(out),
        stderr: capturedText(err),
        durationMs: Math.round(performance.now() - started),
      });
      let timer: NodeJS.Timeout | undefined;
      const ran = client.run(address).then(
        (printed) => outcome({ exitCode: 0, timedOut: false }, printed, ''),
        (err: unknown) =>
          outcome({ exitCode: 1, timedOut: false }, '', `${err instanceof Error ? err.message : String(err)}\n`),
      );
      // An in-process client cannot be killed; past its timeout it is judged, and ends on its own once its socket is closed.
      const late = new Promise<ClientOutcome>((resolve) => {
        timer = setTimeout(() => resolve(outcome({ exitCode: null, timedOut: true }, '', '')), timeoutMs);
      });
      const done = Promise.race([ran, late]).finally(() => clearTimeout(timer));
      return Promise.resolve({ done, stop: () => undefined });
    },
  };
}
