/**
 * A chunk plan: how one fuzz case reshapes an exchange. Plans are plain data
 * so fast-check can generate and shrink them, and they say in words what they
 * did (`send #2 split after bytes 3 and 7, 5 ms gaps`).
 */

import type { FieldSpan } from '../struct/encode';
import type { DeliveryReport } from './delivery/delivery';
import { cutInFields } from './field-cuts';

/** How one send step is cut: after each byte offset in `cuts`, an extra pause of `gapMs` (on top of the delivery's). */
export interface SendShape {
  readonly cuts: readonly number[];
  readonly gapMs: number;
}

/**
 * How the replies are read: nothing at first (until the other side is
 * blocked, at most `stallMs`; exactly `stallMs` where that cannot be
 * observed), then a pause of `pauseMs` after every read.
 */
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

/** How a split was delivered, in words (in brackets after it); empty when nothing was recorded. */
function deliveryWords(d: DeliveryReport | undefined, ordinal: number): string {
  const r = d?.sends.find((x) => x.ordinal === ordinal);
  if (!d || !r || r.pieces < 2) return '';
  if (r.unconfirmed > 0)
    return ` (NOT confirmed apart: a piece was still unread by the other side after ${d.capMs} ms, so pieces may have merged)`;
  if (r.timed > 0) return ` (timed: ${d.gapMs} ms gaps, not confirmed)`;
  if (r.gone > 0) return ' (each piece confirmed read apart until the other side closed)';
  return ' (each piece confirmed read apart)';
}

function stallWords(reader: ReaderShape, d: DeliveryReport | undefined): string {
  const after = `then ${reader.pauseMs} ms after each read`;
  const s = d?.stall;
  if (!s || s.end === 'timed') return `nothing for ${reader.stallMs} ms, ${after}`;
  const until = {
    'send buffer full': `until the other side's send buffer was full (${s.afterMs} ms)`,
    unchanged: `until its reply sat unread for 10 ms (${s.afterMs} ms)`,
    'cannot fill': `until its reply sat unread, too short to fill the other side's send buffer before the cap (${s.afterMs} ms)`,
    cap: `for ${reader.stallMs} ms, the cap (the other side never blocked)`,
    gone: `until the connection closed (${s.afterMs} ms)`,
  }[s.end];
  return `nothing ${until}, ${after}`;
}

/** The cuts of one send in words: by its fields where it is a struct (`inside field 1 (u32be length) after its 1st byte`), else by offset. */
function cutWords(cuts: readonly number[], fields: readonly FieldSpan[] | undefined): string {
  const many = cuts.length > 1;
  const byOffset = `after byte${many ? 's' : ''} ${listWords(cuts)}`;
  if (!fields) return byOffset;
  const named = cuts.map((c) => cutInFields(c, fields));
  if (named.some((w) => w === undefined)) return byOffset;
  return named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}` : named[0]!;
}

/**
 * The plan in words, naming only what it changes; `sendSteps` maps send #n to
 * its step number; `delivery`, when given, says how each split reached the
 * other side (confirmed read apart, or timed) and how the slow reader's stall
 * ended; `sendFields[n - 1]`, when send #n is a struct, names its cuts by field.
 */
export function describePlan(
  plan: ChunkPlan,
  sendSteps: readonly number[] = [],
  delivery?: DeliveryReport,
  sendFields: readonly (readonly FieldSpan[] | undefined)[] = [],
): string {
  const parts: string[] = [];
  const step = (n: number): string => (sendSteps[n - 1] !== undefined ? ` (step ${sendSteps[n - 1]})` : '');
  plan.sends.forEach((s, i) => {
    if (s.cuts.length === 0) return;
    const cuts = [...s.cuts].sort((a, b) => a - b);
    const many = cuts.length > 1;
    const pause = s.gapMs > 0 ? `, ${s.gapMs} ms extra pause${many ? 's' : ''}` : '';
    parts.push(
      `send #${i + 1}${step(i + 1)} split ${cutWords(cuts, sendFields[i])}${pause}${deliveryWords(delivery, i + 1)}`,
    );
  });
  plan.coalesce.forEach((c, i) => {
    if (c) parts.push(`sends #${i + 1} and #${i + 2} written as one`);
  });
  if (plan.reader) parts.push(`replies read slowly (${stallWords(plan.reader, delivery)})`);
  if (plan.halfCloseEarly) parts.push('half-close sent right behind the last request, before its replies');
  if (plan.shutdownDelayMs > 0) parts.push(`half-close ${plan.shutdownDelayMs} ms after the data`);
  return parts.length ? parts.join('; ') : 'no reshaping: every send written whole, replies read at full speed';
}
