/**
 * A step's logs in its details, read through the CloudWatch Logs API: the Lambda function's lines of the step's time
 * window, or the job's log streams. Appended live while the step runs (on this execution's events, and a modest poll),
 * and once more for a short while after it ended (lines such as Lambda's REPORT come last).
 */
import { useId, useRef } from 'react';
import type { ExecutionStep } from '../api/sagemaker';
import { LogView } from '../components/log-view';
import { ErrorNote } from '../components/notes';
import type { TailState } from '../live/log-tail';
import { EMPTY_TAIL, isNoLogsApi, readMore } from '../live/log-tail';
import { useResource } from '../live/use-resource';
import type { LogSource } from './log-source';
import { AFTER_MS, BEFORE_MS, logSourceOf } from './log-source';

/** While the step runs, read every this many ticks (seconds) besides on events. */
const POLL_TICKS = 2;
/** Keep polling this long after the step ended. */
const LINGER_MS = 10_000;
const RUNNING = new Set(['Starting', 'Executing', 'Stopping']);

export interface StepLogsProps {
  readonly executionArn: string;
  readonly name: string;
  readonly type: string | undefined;
  readonly definition: Readonly<Record<string, unknown>> | undefined;
  readonly record: ExecutionStep | undefined;
}

/** The Logs section of a step's details; nothing for a step that logs nothing. */
export function StepLogs({ executionArn, name, type, definition, record }: StepLogsProps) {
  const titleId = useId();
  const source = logSourceOf(type, definition, record);
  if (!source) return null;
  return (
    <section className="step-logs" aria-labelledby={titleId}>
      <h3 id={titleId}>Logs</h3>
      {source.kind === 'pending' && (
        <p className="muted">No logs yet{type === 'Lambda' ? '' : ': the job has not been created'}.</p>
      )}
      {source.kind === 'cached' && (
        <p className="muted">The step reused a cached result: the function did not run for it.</p>
      )}
      {(source.kind === 'lambda' || source.kind === 'job') && (
        // One tail per step: switching steps starts a fresh view (scroll, following the newest).
        <LogTail key={name} executionArn={executionArn} name={name} source={source} record={record} />
      )}
    </section>
  );
}

type ReadableSource = Extract<LogSource, { kind: 'lambda' | 'job' }>;

function LogTail({
  executionArn,
  name,
  source,
  record,
}: {
  executionArn: string;
  name: string;
  source: ReadableSource;
  record: ExecutionStep | undefined;
}) {
  // A retried step runs again: a new start is a new window (Lambda); a new job is a new ARN.
  const key = `${executionArn}:${name}:${source.kind === 'lambda' ? `${source.logGroupName}@${source.startMs}` : source.arnName}`;
  const tail = useRef<{ key: string; state: TailState }>({ key: '', state: EMPTY_TAIL });
  const running = record !== undefined && RUNNING.has(record.StepStatus);
  const endedMs = record?.EndTime === undefined ? undefined : record.EndTime * 1000;
  const read = useResource(
    `logs:${key}`,
    async () => {
      const state = await readMore(tail.current.key === key ? tail.current.state : EMPTY_TAIL, source);
      tail.current = { key, state };
      return state;
    },
    {
      refreshOn: (event) => {
        if (isNoLogsApi(read.error)) return false;
        if ((event.type === 'step' || event.type === 'execution') && event.executionArn === executionArn) return true;
        const polling = running || (endedMs !== undefined && Date.now() < endedMs + LINGER_MS);
        return event.type === 'tick' && polling && event.count % POLL_TICKS === 0;
      },
    },
  );
  const lines = read.data?.lines ?? [];
  return (
    <>
      <SourceNote source={source} jobName={read.data?.jobName} />
      {isNoLogsApi(read.error) ? (
        <p className="muted" role="note">
          This Sluice has no Logs API (CloudWatch Logs): a newer Sluice shows the step&apos;s logs here.{' '}
          <span className="small-text">({read.error instanceof Error ? read.error.message : ''})</span>
        </p>
      ) : (
        <ErrorNote error={read.error} what="Logs" />
      )}
      {read.data === undefined ? (
        !read.error && <p className="muted">Reading the logs…</p>
      ) : lines.length === 0 ? (
        <p className="muted">No logs yet.</p>
      ) : (
        <LogView lines={lines} dropped={read.data.dropped} label={`Logs of step ${name}`} />
      )}
    </>
  );
}

/** Says where the lines come from, and for a function which of its lines. */
function SourceNote({ source, jobName }: { source: ReadableSource; jobName: string | undefined }) {
  if (source.kind === 'lambda') {
    return (
      <p className="muted small-text">
        Lines logged by the function while this step ran ({BEFORE_MS / 1000} s before its start to {AFTER_MS / 1000} s
        after its end), from <code>{source.logGroupName}</code>; other calls in that time show too.
      </p>
    );
  }
  return (
    <p className="muted small-text">
      The job&apos;s streams <code>{jobName ?? source.arnName}/…</code> in{' '}
      {source.logGroupNames.map((group, i) => (
        <span key={group}>
          {i > 0 && ', '}
          <code>{group}</code>
        </span>
      ))}
      .
    </p>
  );
}
