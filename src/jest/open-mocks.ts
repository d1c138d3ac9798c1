/**
 * Every mock server and fuzz session fuzzClient and mockServer have open in
 * this process, so that nothing stays listening after a jest test, even one
 * that timed out or threw before it closed its mock: when this module loads
 * in a jest test file it adds an `afterEach` hook that stops what the test
 * opened and an `afterAll` hook that stops everything left.
 */

interface Open {
  readonly stop: () => Promise<void>;
  /** The jest test that opened it (undefined outside a test). */
  readonly test: string | undefined;
}

const open = new Set<Open>();

/** Registers something open; the returned function drops it once it stopped on its own. */
export function trackOpen(stop: () => Promise<void>): () => void {
  const entry: Open = { stop, test: currentTest() };
  open.add(entry);
  return () => open.delete(entry);
}

/** How many mock servers and fuzz sessions are open now. */
export function openMockCount(): number {
  return open.size;
}

/** Stops every open mock server and fuzz session (all of them, or those `which` picks) and waits until they stopped. */
export async function closeOpenMocks(which: (test: string | undefined) => boolean = () => true): Promise<void> {
  const now = [...open].filter((o) => which(o.test));
  for (const o of now) open.delete(o);
  await Promise.allSettled(now.map((o) => o.stop()));
}

interface JestHooks {
  readonly afterEach: (fn: () => Promise<void>) => void;
  readonly afterAll: (fn: () => Promise<void>) => void;
  readonly expect?: { getState?: () => { currentTestName?: string } };
}

function currentTest(): string | undefined {
  return (globalThis as Partial<JestHooks>).expect?.getState?.().currentTestName;
}

function installJestHooks(): void {
  const g = globalThis as Partial<JestHooks>;
  if (typeof g.afterEach !== 'function' || typeof g.afterAll !== 'function') return;
  try {
    // What a test opened goes with it; what a beforeAll opened stays for the file's other tests.
    g.afterEach(() => closeOpenMocks((opener) => opener !== undefined && opener === currentTest()));
    g.afterAll(() => closeOpenMocks());
  } catch {
    // Loaded inside a running test, where jest takes no hooks: a settled call has closed all it opened anyway.
  }
}

installJestHooks();
