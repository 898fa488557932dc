/** Log lines in a box: monospace, each with its time (and its stream when there are several), following the newest. */
import { useLayoutEffect, useRef } from 'react';
import type { LogLine } from '../live/log-tail';
import { MAX_LINES } from '../live/log-tail';
import { formatClock } from './format';

/** The lines, monospace, scrolled to the newest as they come unless the reader scrolled up. */
export function LogView({ lines, dropped, label }: { lines: readonly LogLine[]; dropped: number; label: string }) {
  const view = useRef<HTMLDivElement>(null);
  const followNewest = useRef(true);
  useLayoutEffect(() => {
    const element = view.current;
    if (element && followNewest.current) element.scrollTop = element.scrollHeight;
  }, [lines]);
  const streams = new Set(lines.map((l) => l.stream));
  return (
    <>
      {dropped > 0 && (
        <p className="muted small-text">
          The first {dropped} lines are not shown: the newest {MAX_LINES} are.
        </p>
      )}
      {/* Focusable, so the keyboard scrolls it too. */}
      <div
        ref={view}
        className="log-view"
        role="log"
        aria-label={label}
        tabIndex={0}
        onScroll={(event) => {
          const element = event.currentTarget;
          followNewest.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
        }}
      >
        {lines.map((line) => (
          <div className="log-line" key={line.id} data-stream={line.stream}>
            <time className="log-time" dateTime={new Date(line.timestamp).toISOString()}>
              {formatClock(line.timestamp)}
            </time>
            {streams.size > 1 && (
              <span className="log-stream" title={line.stream}>
                {shortStream(line.stream)}
              </span>
            )}
            <span className="log-message">{line.message.replace(/\r?\n$/, '')}</span>
          </div>
        ))}
      </div>
    </>
  );
}

/** A stream's last part (`algo-1-1700000000`, `[$LATEST]0a1b2c…`), short enough for a column. */
function shortStream(stream: string): string {
  const last = stream.slice(stream.lastIndexOf('/') + 1);
  return last.length > 18 ? `${last.slice(0, 17)}…` : last;
}
