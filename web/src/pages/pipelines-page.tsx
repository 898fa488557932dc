/** Every pipeline: name, description, latest version, last execution, times; a search by name prefix. */
import { useEffect, useState } from 'react';
import { describeError } from '../api/aws';
import type { PipelineSummary } from '../api/sagemaker';
import { executionIdOf, sagemaker } from '../api/sagemaker';
import { formatTime, isoTime } from '../components/format';
import { ErrorNote, Placeholder } from '../components/notes';
import { StatusBadge } from '../components/status';
import { ExampleProgressList, TryExampleButton, TryExampleCard, useExampleInstall } from '../example/try-example';
import type { LiveEvent } from '../live/live';
import { useResource } from '../live/use-resource';
import { Link, navigate, paths, useLocation } from '../router';

const PAGE_SIZE = 50;
/** Rows' details (version, last execution) refresh on their own events, and on every n-th tick for other nodes. */
const ROW_TICKS = 5;

async function listPipelines(prefix: string, pages: number): Promise<{ items: PipelineSummary[]; more: boolean }> {
  const items: PipelineSummary[] = [];
  let NextToken: string | undefined;
  for (let page = 0; page < pages; page++) {
    const answer = await sagemaker.listPipelines({
      MaxResults: PAGE_SIZE,
      ...(prefix !== '' && { PipelineNamePrefix: prefix }),
      ...(NextToken && { NextToken }),
    });
    items.push(...(answer.PipelineSummaries ?? []));
    NextToken = answer.NextToken;
    if (!NextToken) break;
  }
  return { items, more: NextToken !== undefined };
}

export function PipelinesPage() {
  const { search } = useLocation();
  const prefix = search.get('prefix') ?? '';
  const [draft, setDraft] = useState(prefix);
  const [pages, setPages] = useState(1);
  useEffect(() => setPages(1), [prefix]);

  // Typing searches after a short pause; the URL keeps the search (a reload or a link shows the same list).
  useEffect(() => {
    const trimmed = draft.trim();
    if (trimmed === prefix) return undefined;
    const timer = window.setTimeout(() => {
      navigate(trimmed === '' ? paths.pipelines() : `${paths.pipelines()}?prefix=${encodeURIComponent(trimmed)}`, {
        replace: true,
      });
    }, 250);
    return () => window.clearTimeout(timer);
  }, [draft, prefix]);

  const list = useResource(`pipelines:${prefix}:${pages}`, () => listPipelines(prefix, pages), {
    refreshOn: (e) => e.type === 'tick' || e.type === 'execution',
    keepPrevious: true,
  });
  const install = useExampleInstall();
  // An empty console offers the example as a card; otherwise a button beside the search keeps it at hand.
  const empty = prefix === '' && list.data?.items.length === 0;

  return (
    <section className="page">
      <div className="page-head">
        <h1>Pipelines</h1>
        <div className="head-tools">
          <form className="search" role="search" onSubmit={(event) => event.preventDefault()}>
            <label htmlFor="pipeline-search">Name starts with</label>
            <input
              id="pipeline-search"
              type="search"
              value={draft}
              placeholder="e.g. train-"
              spellCheck={false}
              autoComplete="off"
              onChange={(event) => setDraft(event.target.value)}
            />
          </form>
          {list.data && !empty && <TryExampleButton install={install} />}
        </div>
      </div>
      {list.data && !empty && <ExampleProgressList install={install} />}
      <ErrorNote error={list.error} what="ListPipelines" />
      {list.loading && !list.data ? (
        <Placeholder height="12rem" />
      ) : list.data && list.data.items.length === 0 ? (
        <>
          <p className="empty">
            {prefix === ''
              ? 'No pipelines yet. Create one with CreatePipeline (the AWS CLI, boto3, the SageMaker Python SDK…), or try the example below.'
              : `No pipeline name starts with “${prefix}”.`}
          </p>
          {empty && <TryExampleCard install={install} />}
        </>
      ) : (
        <div className="table-wrap">
          <table className="data" aria-label="Pipelines">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Description</th>
                <th scope="col" className="num">
                  Latest version
                </th>
                <th scope="col">Last execution</th>
                <th scope="col">Created</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {list.data?.items.map((p) => (
                <PipelineRow key={p.PipelineArn} pipeline={p} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data?.more && (
        <button type="button" className="more" onClick={() => setPages((n) => n + 1)}>
          Show more pipelines
        </button>
      )}
    </section>
  );
}

function PipelineRow({ pipeline }: { pipeline: PipelineSummary }) {
  const name = pipeline.PipelineName;
  const details = useResource(
    `row:${pipeline.PipelineArn}`,
    async () => {
      const [version, executions] = await Promise.all([
        sagemaker.latestVersion(pipeline.PipelineArn),
        sagemaker.listExecutions({ PipelineName: name, MaxResults: 1 }),
      ]);
      return { version, last: executions.PipelineExecutionSummaries?.[0] };
    },
    {
      refreshOn: (e: LiveEvent) =>
        (e.type === 'execution' && e.pipelineName.toLowerCase() === name.toLowerCase()) ||
        (e.type === 'tick' && e.count % ROW_TICKS === 0),
    },
  );
  const last = details.data?.last;
  return (
    <tr data-pipeline={name}>
      <th scope="row">
        <Link to={paths.pipeline(name)}>{name}</Link>
        {pipeline.PipelineDisplayName && pipeline.PipelineDisplayName !== name && (
          <div className="muted">{pipeline.PipelineDisplayName}</div>
        )}
      </th>
      <td className="description">{pipeline.PipelineDescription ?? <span className="muted">—</span>}</td>
      <td className="num" title={details.error ? describeError(details.error) : undefined}>
        {details.data?.version?.PipelineVersionId ?? (details.loading ? '…' : '—')}
      </td>
      <td className="last-execution">
        {last ? (
          <Link to={paths.execution(name, executionIdOf(last.PipelineExecutionArn))}>
            <StatusBadge status={last.PipelineExecutionStatus} />{' '}
            <time dateTime={isoTime(last.StartTime)}>{formatTime(last.StartTime)}</time>
          </Link>
        ) : (
          <span className="muted">{details.loading ? '…' : 'never run'}</span>
        )}
      </td>
      <td>
        <time dateTime={isoTime(pipeline.CreationTime)}>{formatTime(pipeline.CreationTime)}</time>
      </td>
      <td>
        <time dateTime={isoTime(pipeline.LastModifiedTime)}>{formatTime(pipeline.LastModifiedTime)}</time>
      </td>
    </tr>
  );
}
