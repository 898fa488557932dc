/**
 * One execution, live: the graph with each step's status, a timeline, a step's details on click, Stop and Retry, and
 * the answer to a waiting Callback step. Refreshed through the public API whenever the event stream says this
 * execution changed, and on every tick (changes made by other nodes).
 */
import { useMemo, useState } from 'react';
import type { DescribeExecutionResponse, ExecutionStep } from '../api/sagemaker';
import { executionArnOf, sagemaker } from '../api/sagemaker';
import { formatDuration, formatTime, isoTime } from '../components/format';
import { ErrorNote, Placeholder } from '../components/notes';
import { StatusBadge, isTerminal } from '../components/status';
import { Timeline } from '../components/timeline';
import { GraphView } from '../graph/graph-view';
import { readDefinition } from '../graph/model';
import type { LiveEvent } from '../live/live';
import { useLiveEvents } from '../live/live';
import { useResource } from '../live/use-resource';
import { Link, paths } from '../router';
import { AnswerNote, StoppingNote } from './execution-notes';
import { StepPanel } from './step-panel';

/** A finished execution is read again on every n-th tick only (a retry from elsewhere). */
const TERMINAL_TICKS = 3;
const never = (): boolean => false;

export function ExecutionPage({ name, executionId }: { name: string; executionId: string }) {
  const pipeline = useResource(`pipeline:${name}`, () => sagemaker.describePipeline(name), { refreshOn: never });
  const arn = pipeline.data ? executionArnOf(pipeline.data.PipelineArn, executionId) : '';
  const definition = useResource(`definition:${arn}`, () => sagemaker.definitionForExecution(arn), {
    enabled: arn !== '',
    refreshOn: never,
  });
  const parameters = useResource(`parameters:${arn}`, () => sagemaker.listExecutionParameters(arn), {
    enabled: arn !== '',
    refreshOn: never,
  });
  const live = useResource(
    `live:${arn}`,
    async () => {
      const [execution, steps] = await Promise.all([sagemaker.describeExecution(arn), sagemaker.listSteps(arn)]);
      return { execution, steps };
    },
    {
      enabled: arn !== '',
      refreshOn: (e: LiveEvent, data) =>
        ((e.type === 'execution' || e.type === 'step') && e.executionArn === arn) ||
        (e.type === 'tick' && (!isTerminal(data?.execution.PipelineExecutionStatus) || e.count % TERMINAL_TICKS === 0)),
    },
  );
  const [nowMs, setNowMs] = useState(() => Date.now());
  useLiveEvents((e) => {
    if (e.type === 'tick' && !isTerminal(live.data?.execution.PipelineExecutionStatus)) setNowMs(Date.now());
  });
  const model = useMemo(
    () => (definition.data === undefined ? undefined : readDefinition(definition.data)),
    [definition.data],
  );
  const records = useMemo(() => new Map((live.data?.steps ?? []).map((s) => [s.StepName, s])), [live.data]);
  const statuses = useMemo(() => new Map([...records].map(([n, s]) => [n, s.StepStatus])), [records]);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const execution = live.data?.execution;
  const error = pipeline.error ?? live.error ?? definition.error;

  return (
    <section className="page">
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to={paths.pipelines()}>Pipelines</Link> / <Link to={paths.pipeline(name)}>{name}</Link> /{' '}
        <span aria-current="page">{executionId}</span>
      </nav>
      <div className="page-head">
        <h1>
          {execution?.PipelineExecutionDisplayName ?? executionId}{' '}
          <span className="execution-status" data-testid="execution-status">
            <StatusBadge status={execution?.PipelineExecutionStatus} />
          </span>
        </h1>
        {execution && <ExecutionActions execution={execution} onChanged={live.reload} />}
      </div>
      <ErrorNote error={error} />
      {execution ? (
        <>
          <ExecutionFacts execution={execution} steps={live.data?.steps ?? []} nowMs={nowMs} />
          {execution.PipelineExecutionStatus === 'Stopping' && (
            <StoppingNote steps={live.data?.steps ?? []} model={model} onSelect={setSelected} />
          )}
          {execution.PipelineExecutionStatus === 'Executing' && (
            <AnswerNote steps={live.data?.steps ?? []} selected={selected} onSelect={setSelected} />
          )}
        </>
      ) : (
        !error && <Placeholder height="5.5rem" />
      )}
      <div className="two-columns">
        <div className="column-main">
          <h2>Steps</h2>
          {model ? (
            <GraphView
              model={model}
              statuses={statuses}
              showStatus
              selected={selected}
              onSelect={setSelected}
              label={`Steps of execution ${executionId}`}
            />
          ) : (
            <Placeholder height="420px" />
          )}
        </div>
        <aside className="column-side" aria-label="Step details">
          {selected ? (
            <StepPanel
              executionArn={arn}
              name={selected}
              info={model?.byName.get(selected)}
              record={records.get(selected)}
              executionStatus={execution?.PipelineExecutionStatus}
              nowMs={nowMs}
              onChanged={live.reload}
              onClose={() => setSelected(undefined)}
            />
          ) : (
            <section className="panel">
              <h2>Step details</h2>
              <p className="muted">Choose a step in the graph or the timeline to see its details.</p>
            </section>
          )}
          <section className="panel">
            <h2>Parameters</h2>
            {parameters.data && parameters.data.length > 0 ? (
              <table className="data compact" aria-label="Parameters of the execution">
                <tbody>
                  {parameters.data.map((p) => (
                    <tr key={p.Name}>
                      <th scope="row">{p.Name}</th>
                      <td className="mono">{p.Value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">{parameters.data ? 'None.' : '…'}</p>
            )}
          </section>
        </aside>
      </div>
      <h2>Timeline</h2>
      {live.data ? (
        <Timeline
          steps={live.data.steps}
          startedAt={execution?.CreationTime}
          nowMs={nowMs}
          selected={selected}
          onSelect={setSelected}
        />
      ) : (
        <Placeholder height="4rem" />
      )}
    </section>
  );
}

function ExecutionActions({ execution, onChanged }: { execution: DescribeExecutionResponse; onChanged: () => void }) {
  const [busy, setBusy] = useState<'stop' | 'retry' | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const status = execution.PipelineExecutionStatus;
  const act = async (what: 'stop' | 'retry'): Promise<void> => {
    setBusy(what);
    setError(undefined);
    try {
      if (what === 'stop') await sagemaker.stopExecution(execution.PipelineExecutionArn);
      else await sagemaker.retryExecution(execution.PipelineExecutionArn);
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <div className="execution-actions">
      <div className="actions">
        <button
          type="button"
          className="danger"
          disabled={status !== 'Executing' || busy !== undefined}
          onClick={() => void act('stop')}
          title="StopPipelineExecution"
        >
          {busy === 'stop' ? 'Stopping…' : 'Stop'}
        </button>
        <button
          type="button"
          disabled={(status !== 'Failed' && status !== 'Stopped') || busy !== undefined}
          onClick={() => void act('retry')}
          title="RetryPipelineExecution: runs the failed and stopped steps again"
        >
          {busy === 'retry' ? 'Retrying…' : 'Retry'}
        </button>
      </div>
      <ErrorNote error={error} />
    </div>
  );
}

function ExecutionFacts({
  execution,
  steps,
  nowMs,
}: {
  execution: DescribeExecutionResponse;
  steps: readonly ExecutionStep[];
  nowMs: number;
}) {
  const created = execution.CreationTime;
  const terminal = isTerminal(execution.PipelineExecutionStatus);
  const end = terminal ? (execution.LastModifiedTime ?? created) : undefined;
  const duration = created === undefined ? undefined : (end !== undefined ? end * 1000 : nowMs) - created * 1000;
  return (
    <>
      <dl className="facts">
        <div>
          <dt>Started</dt>
          <dd>
            <time dateTime={isoTime(created)}>{formatTime(created)}</time>
          </dd>
        </div>
        <div>
          <dt>{terminal ? 'Ended' : 'Last change'}</dt>
          <dd>{formatTime(execution.LastModifiedTime)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{duration === undefined ? '—' : `${formatDuration(duration)}${terminal ? '' : ' so far'}`}</dd>
        </div>
        <div>
          <dt>Steps started</dt>
          <dd>{steps.length}</dd>
        </div>
        <div>
          <dt>Pipeline version</dt>
          <dd>{execution.PipelineVersionId ?? '—'}</dd>
        </div>
        <div className="wide">
          <dt>ARN</dt>
          <dd className="mono">{execution.PipelineExecutionArn}</dd>
        </div>
      </dl>
      {execution.FailureReason && (
        <p className="failure" role="note">
          <strong>Failure reason:</strong> {execution.FailureReason}
        </p>
      )}
    </>
  );
}
