/** The Gantt chart of an execution: one bar per started step, from its start to its end (or now while it runs). */
import type { ExecutionStep } from '../api/sagemaker';
import { formatDuration } from './format';
import { statusClass, statusLabel } from './status';

export interface TimelineProps {
  readonly steps: readonly ExecutionStep[];
  /** Execution start, epoch seconds. */
  readonly startedAt: number | undefined;
  /** Now, epoch milliseconds: the end of running bars. */
  readonly nowMs: number;
  readonly selected: string | undefined;
  readonly onSelect: (name: string) => void;
}

const RUNNING = new Set(['Starting', 'Executing', 'Stopping']);

/** Tick marks: about five, at round durations. */
function ticksFor(spanMs: number): number[] {
  const steps = [
    100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000,
  ];
  const step = steps.find((s) => spanMs / s <= 6) ?? Math.ceil(spanMs / 6 / 3_600_000) * 3_600_000;
  const ticks: number[] = [];
  for (let t = 0; t <= spanMs; t += step) ticks.push(t);
  return ticks;
}

export function Timeline({ steps, startedAt, nowMs, selected, onSelect }: TimelineProps) {
  const started = steps.filter((s) => s.StartTime !== undefined);
  if (started.length === 0) return <p className="muted timeline-empty">No step has started yet.</p>;
  const firstStart = Math.min(...started.map((s) => (s.StartTime as number) * 1000));
  const origin = startedAt === undefined ? firstStart : Math.min(startedAt * 1000, firstStart);
  const endOf = (s: ExecutionStep): number =>
    s.EndTime !== undefined
      ? s.EndTime * 1000
      : RUNNING.has(s.StepStatus)
        ? Math.max(nowMs, (s.StartTime ?? 0) * 1000)
        : (s.StartTime ?? 0) * 1000;
  const span = Math.max(1_000, Math.max(...started.map(endOf)) - origin);
  const ordered = [...started].sort((a, b) => (a.StartTime ?? 0) - (b.StartTime ?? 0));
  const ticks = ticksFor(span);
  return (
    <div className="timeline" role="list" aria-label="Timeline of the steps">
      <div className="timeline-axis" aria-hidden="true">
        <span className="timeline-label" />
        <span className="timeline-track">
          {ticks.map((t) => (
            <span
              key={t}
              className="timeline-tick"
              style={{
                left: `${(t / span) * 100}%`,
                transform: t === 0 ? 'none' : t / span > 0.92 ? 'translateX(-100%)' : 'translateX(-50%)',
              }}
            >
              +{formatDuration(t)}
            </span>
          ))}
        </span>
      </div>
      <div className="timeline-rows">
        {ordered.map((s) => {
          const start = (s.StartTime ?? 0) * 1000;
          const end = endOf(s);
          const left = ((start - origin) / span) * 100;
          const width = Math.max(((end - start) / span) * 100, 0.4);
          const running = RUNNING.has(s.StepStatus);
          const text = `${s.StepName}: ${statusLabel(s.StepStatus)}, ${formatDuration(end - start)}${running ? ' so far' : ''}`;
          return (
            <div
              key={s.StepName}
              role="listitem"
              className={`timeline-row${selected === s.StepName ? ' selected' : ''}`}
            >
              <button
                type="button"
                className="timeline-label link-like"
                onClick={() => onSelect(s.StepName)}
                title={text}
              >
                {s.StepName}
              </button>
              <span className="timeline-track">
                <span
                  className={`timeline-bar ${statusClass(s.StepStatus)}${running ? ' running' : ''}`}
                  style={{ left: `${left}%`, width: `${Math.min(width, 100 - left)}%` }}
                  title={text}
                />
                {/* After the bar, or inside its end when the bar reaches the right edge. */}
                <span
                  className={`timeline-duration${left + width > 88 ? ' inside' : ''}`}
                  style={{ left: `${Math.min(left + width, 100)}%` }}
                >
                  {formatDuration(end - start)}
                </span>
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
