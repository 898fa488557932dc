/**
 * A function's recent invocations, from its REPORT lines in CloudWatch Logs (`/aws/lambda/<name>`), refreshed
 * while shown; a click on one shows its lines.
 */
import { Fragment, useId, useRef, useState } from 'react';
import { LogView } from '../components/log-view';
import { formatClock, formatTime } from '../components/format';
import { ErrorNote } from '../components/notes';
import type { Invocation, InvocationsState } from '../live/invocations';
import {
  EMPTY_INVOCATIONS,
  MAX_INVOCATIONS,
  invocationsOf,
  readInvocationLines,
  readInvocations,
} from '../live/invocations';
import { isNoLogsApi } from '../live/log-tail';
import { useResource } from '../live/use-resource';

/** Read again every this many ticks (seconds): invocations are not announced by the event stream. */
const REFRESH_TICKS = 3;
const COLUMNS = 8;

const ms = (n: number | undefined): string => (n === undefined ? '—' : `${n.toFixed(2)} ms`);
const mb = (n: number | undefined): string => (n === undefined ? '—' : `${n} MB`);

/** The invocations panel of one function. */
export function FunctionInvocations({ functionName }: { functionName: string }) {
  const titleId = useId();
  const logGroupName = `/aws/lambda/${functionName}`;
  // Incremental: each read asks only for what came since the last (kept across refreshes of this function).
  const state = useRef<{ name: string; read: InvocationsState }>({ name: '', read: EMPTY_INVOCATIONS });
  const read = useResource(
    `invocations:${functionName}`,
    async () => {
      const previous = state.current.name === functionName ? state.current.read : EMPTY_INVOCATIONS;
      const next = await readInvocations(previous, functionName);
      state.current = { name: functionName, read: next };
      return invocationsOf(next);
    },
    {
      refreshOn: (event): boolean =>
        !isNoLogsApi(read.error) && event.type === 'tick' && event.count % REFRESH_TICKS === 0,
    },
  );
  const [open, setOpen] = useState<string | undefined>(undefined);
  return (
    <section className="panel function-invocations" aria-labelledby={titleId}>
      <h2 id={titleId}>Recent invocations of {functionName}</h2>
      <p className="muted small-text">
        The newest {MAX_INVOCATIONS} <code>REPORT</code> lines in <code>{logGroupName}</code> (CloudWatch Logs). Click a
        request id for its lines.
      </p>
      {isNoLogsApi(read.error) ? (
        <p className="muted" role="note">
          This Sluice has no Logs API (CloudWatch Logs): a newer Sluice shows the function&apos;s invocations here.
        </p>
      ) : (
        <ErrorNote error={read.error} what="FilterLogEvents" />
      )}
      {read.data === undefined ? (
        !read.error && <p className="muted">Reading the logs…</p>
      ) : read.data.length === 0 ? (
        <p className="empty">No invocations yet.</p>
      ) : (
        <InvocationsTable
          functionName={functionName}
          invocations={read.data}
          open={open}
          onToggle={(id) => setOpen((current) => (current === id ? undefined : id))}
        />
      )}
    </section>
  );
}

function InvocationsTable({
  functionName,
  invocations,
  open,
  onToggle,
}: {
  functionName: string;
  invocations: readonly Invocation[];
  open: string | undefined;
  onToggle: (requestId: string) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="data compact" aria-label={`Invocations of ${functionName}`}>
        <thead>
          <tr>
            <th scope="col">Ended</th>
            <th scope="col">Request id</th>
            <th scope="col" className="num">
              Duration
            </th>
            <th scope="col" className="num">
              Billed
            </th>
            <th scope="col" className="num">
              Memory size
            </th>
            <th scope="col" className="num">
              Max memory used
            </th>
            <th scope="col" className="num">
              Init
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {invocations.map((invocation) => (
            <Fragment key={invocation.requestId}>
              <InvocationRow
                invocation={invocation}
                expanded={open === invocation.requestId}
                onToggle={() => onToggle(invocation.requestId)}
              />
              {open === invocation.requestId && (
                <tr className="invocation-lines">
                  <td colSpan={COLUMNS}>
                    <InvocationLines functionName={functionName} invocation={invocation} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function InvocationRow({
  invocation,
  expanded,
  onToggle,
}: {
  invocation: Invocation;
  expanded: boolean;
  onToggle: () => void;
}) {
  const failed = invocation.status !== undefined;
  return (
    <tr data-request-id={invocation.requestId} className={expanded ? 'selected' : undefined}>
      <td>
        <time dateTime={new Date(invocation.timestamp).toISOString()}>
          {formatTime(Math.floor(invocation.timestamp / 1000))}
        </time>
      </td>
      <td className="mono">
        <button type="button" className="link-like" aria-expanded={expanded} onClick={onToggle}>
          {invocation.requestId}
        </button>
      </td>
      <td className="num" data-field="duration">
        {ms(invocation.durationMs)}
      </td>
      <td className="num">{invocation.billedMs === undefined ? '—' : `${invocation.billedMs} ms`}</td>
      <td className="num">{mb(invocation.memorySizeMb)}</td>
      <td className="num">{mb(invocation.maxMemoryUsedMb)}</td>
      <td className="num">{ms(invocation.initMs)}</td>
      <td className={failed ? 'status-error' : undefined} title={invocation.error}>
        {failed ? `${invocation.status ?? ''}${invocation.error ? `: ${invocation.error}` : ''}` : 'ok'}
      </td>
    </tr>
  );
}

/** One invocation's lines, read once (it has ended: its REPORT is there). */
function InvocationLines({ functionName, invocation }: { functionName: string; invocation: Invocation }) {
  const lines = useResource(
    `invocation-lines:${functionName}:${invocation.requestId}`,
    async () =>
      (await readInvocationLines(functionName, invocation)).map((event, i) => ({
        id: event.eventId ?? String(i),
        stream: event.logStreamName ?? invocation.stream,
        timestamp: event.timestamp ?? 0,
        message: event.message ?? '',
      })),
    { refreshOn: () => false },
  );
  return (
    <>
      <p className="muted small-text">
        Stream <code>{invocation.stream}</code>, ended {formatClock(invocation.timestamp)}.
      </p>
      <ErrorNote error={lines.error} what="FilterLogEvents" />
      {lines.data === undefined ? (
        !lines.error && <p className="muted">Reading the lines…</p>
      ) : (
        <LogView lines={lines.data} dropped={0} label={`Lines of invocation ${invocation.requestId}`} />
      )}
    </>
  );
}
