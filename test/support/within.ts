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
