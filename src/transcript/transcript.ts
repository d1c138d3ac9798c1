/**
 * A conversation as it happened: who sent which bytes when, and what each
 * step did. Bounded: past `maxBytes` of kept payload only sizes are recorded,
 * so a 1 GiB exchange leaves a small transcript.
 */
export type TranscriptEvent =
  | { readonly t: number; readonly type: 'sent' | 'received'; readonly bytes: Buffer; readonly size: number }
  | {
      readonly t: number;
      readonly type: 'step';
      readonly index: number;
      readonly kind: string;
      readonly outcome: 'start' | 'pass' | 'fail';
      readonly note?: string;
    }
  | { readonly t: number; readonly type: 'event'; readonly what: string };

const NOTHING = Buffer.alloc(0);

export class Transcript {
  readonly events: TranscriptEvent[] = [];
  private readonly start = performance.now();
  private kept = 0;
  /** Bytes that arrived or left but were not kept. */
  dropped = 0;

  constructor(private readonly maxBytes = 1024 * 1024) {}

  now(): number {
    return Math.round((performance.now() - this.start) * 1000) / 1000;
  }

  bytes(type: 'sent' | 'received', chunk: Buffer): void {
    const keep = Math.max(0, Math.min(chunk.length, this.maxBytes - this.kept));
    this.kept += keep;
    this.dropped += chunk.length - keep;
    // No copy: received chunks are fresh buffers from the socket, and sent
    // ones are slices of payloads nobody writes to again. Past the limit keep
    // nothing at all: even an empty view would hold the chunk's memory alive.
    this.events.push({
      t: this.now(),
      type,
      bytes: keep === 0 ? NOTHING : chunk.subarray(0, keep),
      size: chunk.length,
    });
  }

  step(index: number, kind: string, outcome: 'start' | 'pass' | 'fail', note?: string): void {
    this.events.push({ t: this.now(), type: 'step', index, kind, outcome, ...(note !== undefined ? { note } : {}) });
  }

  event(what: string): void {
    this.events.push({ t: this.now(), type: 'event', what });
  }
}
