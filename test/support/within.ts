/**
 * Settles as `event` does, or rejects once `ms` have passed saying that
 * `what` did not happen: the bound on a wait for an event, never a pause.
 */
export function within<T>(ms: number, what: string, event: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([event, late]).finally(() => clearTimeout(timer));
}

/**
 * For a state the kernel keeps and announces to no one (a socket's TCP state
 * seen through sock_diag): checks `holds` every millisecond until it is true,
 * or rejects once `ms` have passed saying that `what` did not happen.
 */
export function pollWithin(ms: number, what: string, holds: () => boolean): Promise<void> {
  return within(
    ms,
    what,
    new Promise<void>((resolve) => {
      const check = (): void => {
        if (holds()) resolve();
        else timer = setTimeout(check, 1);
      };
      let timer = setTimeout(check, 0);
      // Stops checking once the bound rejected: the caller has failed by then.
      setTimeout(() => clearTimeout(timer), ms).unref();
    }),
  );
}
