/**
 * A chunk plan: how one fuzz case reshapes an exchange. Plans are plain data
 * so fast-check can generate and shrink them, and they say in words what they
 * did (`send #2 split after bytes 3 and 7, 5 ms gaps`).
 */

/** How one send step is cut: after each byte offset in `cuts`, a pause of `gapMs`. */
export interface SendShape {
  readonly cuts: readonly number[];
  readonly gapMs: number;
}

/** How the replies are read: nothing for `stallMs` at first, then a pause of `pauseMs` after every read. */
export interface ReaderShape {
  readonly stallMs: number;
  readonly pauseMs: number;
}

export interface ChunkPlan {
  /** One per send step, in order (send #1 first). */
  readonly sends: readonly SendShape[];
  /** `coalesce[i]`: send #i+1 is written together with send #i+2. */
  readonly coalesce: readonly boolean[];
  readonly reader: ReaderShape | null;
  /** Pause before each half-close (`shutdown`), so the FIN lands right behind the data or well after it. */
  readonly shutdownDelayMs: number;
  /** The FIN goes out right behind the last send before `shutdown`, ahead of the replies awaited in between. */
  readonly halfCloseEarly: boolean;
}

export const PLAIN_PLAN: ChunkPlan = {
  sends: [],
  coalesce: [],
  reader: null,
  shutdownDelayMs: 0,
  halfCloseEarly: false,
};

function listWords(items: readonly number[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The plan in words, naming only what it changes; `sendSteps` maps send #n to its step number. */
export function describePlan(plan: ChunkPlan, sendSteps: readonly number[] = []): string {
  const parts: string[] = [];
  const step = (n: number): string => (sendSteps[n - 1] !== undefined ? ` (step ${sendSteps[n - 1]})` : '');
  plan.sends.forEach((s, i) => {
    if (s.cuts.length === 0) return;
    const cuts = [...s.cuts].sort((a, b) => a - b);
    parts.push(
      `send #${i + 1}${step(i + 1)} split after byte${cuts.length > 1 ? 's' : ''} ${listWords(cuts)}, ${s.gapMs} ms gap${cuts.length > 1 ? 's' : ''}`,
    );
  });
  plan.coalesce.forEach((c, i) => {
    if (c) parts.push(`sends #${i + 1} and #${i + 2} written as one`);
  });
  if (plan.reader) {
    parts.push(
      `replies read slowly (nothing for ${plan.reader.stallMs} ms, then ${plan.reader.pauseMs} ms after each read)`,
    );
  }
  if (plan.halfCloseEarly) parts.push('half-close sent right behind the last request, before its replies');
  if (plan.shutdownDelayMs > 0) parts.push(`half-close ${plan.shutdownDelayMs} ms after the data`);
  return parts.length ? parts.join('; ') : 'no reshaping: every send written whole, replies read at full speed';
}
