/** One pipeline: its definition as a graph, its parameters, a Start form and its executions. */
import { useEffect, useMemo, useState } from 'react';
import type { ExecutionSummary } from '../api/sagemaker';
import { executionIdOf, sagemaker } from '../api/sagemaker';
import { defaultText } from '../components/parameters';
import { formatTime, isoTime, prettyJson } from '../components/format';
import { ErrorNote, Placeholder } from '../components/notes';
import { StatusBadge } from '../components/status';
import { GraphView } from '../graph/graph-view';
import { readDefinition } from '../graph/model';
import type { LiveEvent } from '../live/live';
import { useResource } from '../live/use-resource';
import { Link, paths, useLocation } from '../router';
import { StartForm } from './start-form';

const EXECUTIONS_PAGE = 25;
/** The pipeline itself changes rarely (UpdatePipeline): read again every few ticks. */
const DESCRIBE_TICKS = 5;

export function PipelinePage({ name }: { name: string }) {
  const pipeline = useResource(`pipeline:${name}`, () => sagemaker.describePipeline(name), {
    refreshOn: (e) => e.type === 'tick' && e.count % DESCRIBE_TICKS === 0,
  });
  const definition = pipeline.data?.PipelineDefinition;
  const model = useMemo(() => (definition === undefined ? undefined : readDefinition(definition)), [definition]);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const selectedStep = selected === undefined ? undefined : model?.byName.get(selected);
  // Opened by "Try the example pipeline": say what to do next and bring the Start form into view.
  const fromExample = useLocation().search.has('example');
  const formReady = model !== undefined;
  useEffect(() => {
    if (fromExample && formReady) document.getElementById('start-panel')?.scrollIntoView({ block: 'nearest' });
  }, [fromExample, formReady]);

  return (
    <section className="page">
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to={paths.pipelines()}>Pipelines</Link> / <span aria-current="page">{name}</span>
      </nav>
      <div className="page-head">
        <h1>{pipeline.data?.PipelineDisplayName ?? name}</h1>
      </div>
      <ErrorNote error={pipeline.error} what="DescribePipeline" />
      {pipeline.data ? (
        <dl className="facts">
          <div>
            <dt>Name</dt>
            <dd>{pipeline.data.PipelineName}</dd>
          </div>
          <div className="wide">
            <dt>Description</dt>
            <dd>{pipeline.data.PipelineDescription ?? '—'}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>
              <time dateTime={isoTime(pipeline.data.CreationTime)}>{formatTime(pipeline.data.CreationTime)}</time>
            </dd>
          </div>
          <div>
            <dt>Updated</dt>
            <dd>
              <time dateTime={isoTime(pipeline.data.LastModifiedTime)}>
                {formatTime(pipeline.data.LastModifiedTime)}
              </time>
            </dd>
          </div>
          <div>
            <dt>Last run</dt>
            <dd>{formatTime(pipeline.data.LastRunTime)}</dd>
          </div>
          <div>
            <dt>Parallel steps</dt>
            <dd>{pipeline.data.ParallelismConfiguration?.MaxParallelExecutionSteps ?? 'no limit'}</dd>
          </div>
          <div className="wide">
            <dt>ARN</dt>
            <dd className="mono">{pipeline.data.PipelineArn}</dd>
          </div>
        </dl>
      ) : (
        !pipeline.error && <Placeholder height="5rem" />
      )}

      {fromExample && (
        <p className="note" role="note">
          The example is ready: start it with the form (ScoreSeconds is how long Score runs). On the execution page,
          Review waits for your answer: Succeed with <code>decision</code> <code>approve</code> (it goes on to Train) or
          another decision (it ends at Rejected), or Fail it. Stop works at any time.
        </p>
      )}
      <div className="two-columns">
        <div className="column-main">
          <h2>Definition</h2>
          {model ? (
            <>
              {model.problems.map((p) => (
                <p key={p} className="error-note">
                  {p}
                </p>
              ))}
              <GraphView
                model={model}
                showStatus={false}
                selected={selected}
                onSelect={setSelected}
                label={`Steps of pipeline ${name}`}
              />
            </>
          ) : (
            <Placeholder height="420px" />
          )}
        </div>
        <aside className="column-side" aria-label="Step and parameters">
          {selectedStep && (
            <section className="panel">
              <h2>
                {selectedStep.name} <span className="muted">{selectedStep.type}</span>
              </h2>
              {selectedStep.description && <p>{selectedStep.description}</p>}
              <pre className="json">{prettyJson(selectedStep.json)}</pre>
            </section>
          )}
          <section className="panel" id="start-panel">
            <h2>Start an execution</h2>
            {model ? <StartForm pipelineName={name} parameters={model.parameters} /> : <Placeholder height="6rem" />}
          </section>
          <section className="panel">
            <h2>Parameters</h2>
            {model && model.parameters.length > 0 ? (
              <table className="data compact" aria-label="Parameters">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Type</th>
                    <th scope="col">Default</th>
                  </tr>
                </thead>
                <tbody>
                  {model.parameters.map((p) => (
                    <tr key={p.name}>
                      <th scope="row">{p.name}</th>
                      <td>{p.type}</td>
                      <td className="mono">
                        {p.defaultValue === undefined ? <span className="muted">none</span> : defaultText(p)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">{model ? 'None.' : '…'}</p>
            )}
          </section>
        </aside>
      </div>

      <h2>Executions</h2>
      <ExecutionsTable name={name} />
    </section>
  );
}

function ExecutionsTable({ name }: { name: string }) {
  const [pages, setPages] = useState(1);
  const executions = useResource(
    `executions:${name}:${pages}`,
    async () => {
      const items: ExecutionSummary[] = [];
      let NextToken: string | undefined;
      for (let page = 0; page < pages; page++) {
        const answer = await sagemaker.listExecutions({
          PipelineName: name,
          MaxResults: EXECUTIONS_PAGE,
          ...(NextToken && { NextToken }),
        });
        items.push(...(answer.PipelineExecutionSummaries ?? []));
        NextToken = answer.NextToken;
        if (!NextToken) break;
      }
      return { items, more: NextToken !== undefined };
    },
    {
      refreshOn: (e: LiveEvent) =>
        e.type === 'tick' || (e.type === 'execution' && e.pipelineName.toLowerCase() === name.toLowerCase()),
    },
  );
  if (executions.loading && !executions.data) return <Placeholder height="6rem" />;
  return (
    <>
      <ErrorNote error={executions.error} what="ListPipelineExecutions" />
      {executions.data?.items.length === 0 ? (
        <p className="empty">No executions yet: start one with the form above.</p>
      ) : (
        <div className="table-wrap">
          <table className="data" aria-label="Executions">
            <thead>
              <tr>
                <th scope="col">Execution</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Failure reason</th>
              </tr>
            </thead>
            <tbody>
              {executions.data?.items.map((e) => {
                const id = executionIdOf(e.PipelineExecutionArn);
                return (
                  <tr key={e.PipelineExecutionArn}>
                    <th scope="row">
                      <Link to={paths.execution(name, id)}>{e.PipelineExecutionDisplayName ?? id}</Link>
                      <div className="muted mono small-text">{id}</div>
                    </th>
                    <td>
                      <StatusBadge status={e.PipelineExecutionStatus} />
                    </td>
                    <td>
                      <time dateTime={isoTime(e.StartTime)}>{formatTime(e.StartTime)}</time>
                    </td>
                    <td className="description">{e.PipelineExecutionFailureReason ?? ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {executions.data?.more && (
        <button type="button" className="more" onClick={() => setPages((n) => n + 1)}>
          Show more executions
        </button>
      )}
    </>
  );
}
