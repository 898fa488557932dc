/** What Lambda returns of a log with `LogType: Tail`: its last 4 KB. */
export const LOG_TAIL_BYTES = 4096;

/** The last 4 KB of a log. */
export function logTail(log: Buffer): Buffer {
  return log.length <= LOG_TAIL_BYTES ? log : log.subarray(log.length - LOG_TAIL_BYTES);
}
