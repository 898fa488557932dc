/**
 * Splits a worker's stdout (or stderr) into phases at a marker the bootstrap writes after loading the handler and
 * after each invocation. Output before the first marker belongs to phase 0 (init), before the second to phase 1
 * (the first invocation), and so on. The marker holds a per-worker nonce, so function output cannot fake it by
 * accident. A marker split across chunks is found: the last `marker.length - 1` bytes are held back until more
 * data (or the end) arrives.
 */
export class MarkerSplitter {
  /** Markers seen so far, i.e. the phase the next byte belongs to. */
  phase = 0;
  private carry: Buffer = Buffer.alloc(0);

  constructor(
    private readonly marker: Buffer,
    private readonly onData: (phase: number, chunk: Buffer) => void,
    private readonly onMarker: () => void,
  ) {}

  push(chunk: Buffer): void {
    let data = this.carry.length === 0 ? chunk : Buffer.concat([this.carry, chunk]);
    for (;;) {
      const at = data.indexOf(this.marker);
      if (at < 0) break;
      if (at > 0) this.onData(this.phase, data.subarray(0, at));
      this.phase++;
      data = data.subarray(at + this.marker.length);
      this.onMarker();
    }
    // Hold back only what could be the start of a marker: from its first byte, within the last length - 1 bytes.
    const window = Math.max(0, data.length - (this.marker.length - 1));
    const start = data.indexOf(this.marker[0] as number, window);
    const keep = start < 0 ? 0 : data.length - start;
    if (data.length > keep) this.onData(this.phase, data.subarray(0, data.length - keep));
    // Copied so that a small carry does not pin a large chunk.
    this.carry = keep === 0 ? Buffer.alloc(0) : Buffer.from(data.subarray(data.length - keep));
  }

  /** The stream ended: what was held back is output after all. */
  end(): void {
    if (this.carry.length > 0) this.onData(this.phase, this.carry);
    this.carry = Buffer.alloc(0);
  }
}
