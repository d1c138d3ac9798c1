/** What a client under test printed on one stream, kept up to a bound (the end wins: it says how the client ended). */

/** Bytes kept per stream; a client that prints more keeps its last this-many. */
export const OUTPUT_LIMIT = 1024 * 1024;

export interface CapturedOutput {
  /** The kept bytes: all of them, or the last `OUTPUT_LIMIT` when `total` is larger. */
  readonly bytes: Buffer;
  /** How many bytes were printed in all. */
  readonly total: number;
}

export class OutputCapture {
  private chunks: Buffer[] = [];
  private kept = 0;
  private total = 0;

  constructor(private readonly limit = OUTPUT_LIMIT) {}

  write(chunk: Buffer): void {
    this.total += chunk.length;
    this.chunks.push(chunk);
    this.kept += chunk.length;
    while (this.kept - this.chunks[0]!.length >= this.limit) this.kept -= this.chunks.shift()!.length;
  }

  result(): CapturedOutput {
    const all = Buffer.concat(this.chunks);
    return { bytes: all.length > this.limit ? all.subarray(all.length - this.limit) : all, total: this.total };
  }
}

/** Captured text of a string printed in-process (an embedded client). */
export function capturedText(text: string): CapturedOutput {
  const capture = new OutputCapture();
  capture.write(Buffer.from(text, 'utf8'));
  return capture.result();
}
