/** Keeps the last `capacity` bytes written to it, so a function that prints megabytes costs Sluice a fixed amount. */
export class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  /** Every byte ever written, kept or not. */
  total = 0;

  constructor(private readonly capacity: number) {}

  write(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.total += chunk.length;
    if (chunk.length >= this.capacity) {
      // Copied: the caller's buffer may be a slice of a much larger one.
      this.chunks = [Buffer.from(chunk.subarray(chunk.length - this.capacity))];
      this.size = this.capacity;
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.capacity) {
      const first = this.chunks[0] as Buffer;
      const excess = this.size - this.capacity;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
      }
    }
  }

  /** The kept bytes. */
  bytes(): Buffer {
    return this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size);
  }

  /** Whether bytes were dropped. */
  get truncated(): boolean {
    return this.total > this.size;
  }
}
