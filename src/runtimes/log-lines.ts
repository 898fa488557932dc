/** Splitting process output into log lines, as CloudWatch Logs stores them: one event per line. */

/**
 * The longest message kept, in characters: CloudWatch Logs' 256 KB event limit less its 26 bytes of overhead
 * (longer lines are cut, as the Lambda and container log agents split them).
 */
export const MAX_LOG_MESSAGE_CHARS = 256 * 1024 - 26;

/** The lines of `text`, without their line breaks (`\n` or `\r\n`), and without a final empty line. */
export function splitLogLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map(capMessage);
}

/** A message cut to MAX_LOG_MESSAGE_CHARS. */
export function capMessage(message: string): string {
  return message.length > MAX_LOG_MESSAGE_CHARS ? message.slice(0, MAX_LOG_MESSAGE_CHARS) : message;
}

/**
 * Turns a stream of output chunks into complete lines: a line is emitted once its line break arrives, and the
 * partial last line on `end()`. Bytes are decoded as UTF-8 across chunk boundaries.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  /** Takes the next chunk of output. */
  push(chunk: Uint8Array): void {
    this.pending += this.decoder.decode(chunk, { stream: true });
    let newline = this.pending.indexOf('\n');
    while (newline >= 0) {
      const line = this.pending.slice(0, newline);
      this.pending = this.pending.slice(newline + 1);
      this.onLine(capMessage(line.endsWith('\r') ? line.slice(0, -1) : line));
      newline = this.pending.indexOf('\n');
    }
    // A process that never writes a line break must not grow this without bound.
    if (this.pending.length > MAX_LOG_MESSAGE_CHARS) {
      this.onLine(this.pending.slice(0, MAX_LOG_MESSAGE_CHARS));
      this.pending = this.pending.slice(MAX_LOG_MESSAGE_CHARS);
    }
  }

  /** Emits the last, unterminated line (if any). */
  end(): void {
    this.pending += this.decoder.decode();
    if (this.pending !== '') this.onLine(capMessage(this.pending));
    this.pending = '';
  }
}
