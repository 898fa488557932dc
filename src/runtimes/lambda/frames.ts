/**
 * The control channel between Sluice and a worker (file descriptor 3 of the worker, a socket pair; stdout and
 * stderr stay free for the function's own output, which is its log).
 *
 *   frame = u32 BE header length | u32 BE payload length | header (JSON object, UTF-8) | payload (bytes)
 *
 * Sluice → worker: `{"type":"invoke", requestId, deadlineMs, invokedFunctionArn, …}` + the event JSON.
 * Worker → Sluice: `{"type":"ready"}` after loading the handler; `{"type":"init-error"}` + error JSON (the worker
 * then exits); `{"type":"result"}` + the result JSON; `{"type":"error"}` + the error JSON.
 *
 * The payload travels as the runtime serialised it, so Sluice never parses or re-encodes results.
 */

/** Largest header accepted from a worker; anything bigger is a protocol violation. */
const MAX_HEADER_BYTES = 64 * 1024;

/** A frame's header. */
export interface FrameHeader {
  readonly type: string;
  readonly [key: string]: unknown;
}

/** Encodes one frame. */
export function encodeFrame(header: FrameHeader, payload: Buffer): Buffer {
  const head = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.allocUnsafe(8);
  prefix.writeUInt32BE(head.length, 0);
  prefix.writeUInt32BE(payload.length, 4);
  return Buffer.concat([prefix, head, payload]);
}

/** A received frame; `payload` is undefined when it was larger than the reader keeps (only its size is known). */
export interface Frame {
  readonly header: FrameHeader;
  readonly payload: Buffer | undefined;
  readonly payloadLength: number;
}

/**
 * Splits a byte stream into frames. Payloads over `maxPayloadBytes` are skipped as they stream by (never
 * buffered), so a worker answering gigabytes costs nothing but the time to read them.
 */
export class FrameReader {
  private pending: Buffer[] = [];
  private pendingSize = 0;
  private header: FrameHeader | undefined;
  private headerLength = -1;
  private payloadLength = 0;
  private skipping = 0;

  constructor(
    private readonly maxPayloadBytes: number,
    private readonly onFrame: (frame: Frame) => void,
  ) {}

  /** Feeds bytes; throws on a malformed header. */
  push(chunk: Buffer): void {
    let data = chunk;
    while (data.length > 0) {
      if (this.skipping > 0) {
        const n = Math.min(this.skipping, data.length);
        this.skipping -= n;
        data = data.subarray(n);
        if (this.skipping === 0) this.finish(undefined);
        continue;
      }
      this.pending.push(data);
      this.pendingSize += data.length;
      data = this.drain();
    }
  }

  /** Consumes buffered bytes as far as possible; returns bytes to be skipped past an oversized payload. */
  private drain(): Buffer {
    for (;;) {
      if (this.headerLength < 0) {
        if (this.pendingSize < 8) return Buffer.alloc(0);
        const prefix = this.take(8);
        this.headerLength = prefix.readUInt32BE(0);
        this.payloadLength = prefix.readUInt32BE(4);
        if (this.headerLength > MAX_HEADER_BYTES) throw new Error(`worker frame header of ${this.headerLength} bytes`);
      }
      if (this.header === undefined) {
        if (this.pendingSize < this.headerLength) return Buffer.alloc(0);
        const parsed: unknown = JSON.parse(this.take(this.headerLength).toString('utf8'));
        if (typeof parsed !== 'object' || parsed === null || typeof (parsed as FrameHeader).type !== 'string') {
          throw new Error('worker frame header is not an object with a type');
        }
        this.header = parsed as FrameHeader;
        if (this.payloadLength > this.maxPayloadBytes) {
          this.skipping = this.payloadLength;
          const rest = this.take(this.pendingSize);
          return rest;
        }
      }
      if (this.pendingSize < this.payloadLength) return Buffer.alloc(0);
      this.finish(this.take(this.payloadLength));
    }
  }

  private finish(payload: Buffer | undefined): void {
    const header = this.header as FrameHeader;
    const payloadLength = this.payloadLength;
    this.header = undefined;
    this.headerLength = -1;
    this.payloadLength = 0;
    this.onFrame({ header, payload, payloadLength });
  }

  private take(n: number): Buffer {
    const all = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending, this.pendingSize);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingSize = rest.length;
    return out;
  }
}
