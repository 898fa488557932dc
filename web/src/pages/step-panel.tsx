/** The details of one step of an execution: its record (status, times, metadata…) and its definition. */
import type { ExecutionStep } from '../api/sagemaker';
import { executionIdOf, pipelineNameOf } from '../api/sagemaker';
import { formatDuration, formatTime, prettyJson } from '../components/format';
import { CopyButton } from '../components/notes';
import { StatusBadge } from '../components/status';
import type { StepInfo } from '../graph/model';
import { Link, paths } from '../router';
import { CallbackAnswer } from './callback-answer';
import { StepLogs } from './step-logs';
import { JobProperties, StepOutputs } from './step-results';

export interface StepPanelProps {
  readonly executionArn: string;
  readonly name: string;
  readonly info: StepInfo | undefined;
  readonly record: ExecutionStep | undefined;
  readonly executionStatus: string | undefined;
  readonly nowMs: number;
  readonly onChanged: () => void;
  readonly onClose: () => void;
}

const WAITING = new Set(['Starting', 'Executing', 'Stopping']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The callback token and queue of a Callback step's metadata. */
export function callbackOf(record: ExecutionStep | undefined): {
  token?: string;
  queueUrl?: string;
  outputs?: unknown;
} {
  const callback = record?.Metadata?.['Callback'];
  if (!isObject(callback)) return {};
  const token = callback['CallbackToken'];
  const queueUrl = callback['SqsQueueUrl'];
  return {
    ...(typeof token === 'string' && { token }),
    ...(typeof queueUrl === 'string' && { queueUrl }),
    ...(callback['OutputParameters'] !== undefined && { outputs: callback['OutputParameters'] }),
  };
}

/** Every `…Arn` found in a step's metadata (job, model, function ARNs), with where it was found. */
export function arnsOf(metadata: Json | undefined): { where: string; arn: string }[] {
  const found: { where: string; arn: string }[] = [];
  const walk = (value: unknown, where: string): void => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}[${i}]`));
    else if (isObject(value)) {
      for (const [key, v] of Object.entries(value)) {
        if (typeof v === 'string' && /Arn$/.test(key) && v.startsWith('arn:'))
          found.push({ where: `${where}${where ? '.' : ''}${key}`, arn: v });
        else walk(v, `${where}${where ? '.' : ''}${key}`);
      }
    }
  };
  walk(metadata, '');
  return found;
}

export function StepPanel({
  executionArn,
  name,
  info,
  record,
  executionStatus,
  nowMs,
  onChanged,
  onClose,
}: StepPanelProps) {
  const callback = callbackOf(record);
  const waiting = record !== undefined && WAITING.has(record.StepStatus);
  const started = record?.StartTime;
  const ended = record?.EndTime;
  const duration =
    started === undefined
      ? undefined
      : (ended !== undefined ? ended * 1000 : waiting ? nowMs : started * 1000) - started * 1000;
  const cacheSource = record?.CacheHitResult?.SourcePipelineExecutionArn;
  const selectiveSource = record?.SelectiveExecutionResult?.SourcePipelineExecutionArn;
  const arns = arnsOf(record?.Metadata);
  return (
    <section className="panel step-panel" aria-label={`Step ${name}`}>
      <div className="panel-head">
        <h2>
          {info?.displayName ?? name} <span className="muted">{info?.type ?? ''}</span>
        </h2>
        <button type="button" className="small" onClick={onClose} aria-label="Close the step details">
          Close
        </button>
      </div>
      <p>
        <StatusBadge status={record?.StepStatus} />
        {info?.branch && (
          <span className="muted">
            {' '}
            on the {info.branch.outcome} branch of {info.branch.condition}
          </span>
        )}
      </p>
      {info?.description && <p>{info.description}</p>}
      <dl className="facts compact">
        <div>
          <dt>Attempts</dt>
          <dd>{record?.AttemptCount ?? '—'}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatTime(started)}</dd>
        </div>
        <div>
          <dt>Ended</dt>
          <dd>{formatTime(ended)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{duration === undefined ? '—' : `${formatDuration(duration)}${waiting ? ' so far' : ''}`}</dd>
        </div>
        {cacheSource && (
          <div className="wide">
            <dt>Cache hit</dt>
            <dd>
              reused from <ExecutionLink arn={cacheSource} />
            </dd>
          </div>
        )}
        {selectiveSource && (
          <div className="wide">
            <dt>Copied from</dt>
            <dd>
              <ExecutionLink arn={selectiveSource} />
            </dd>
          </div>
        )}
      </dl>
      {record?.FailureReason && (
        <p className="failure" role="note">
          <strong>Failure reason:</strong> {record.FailureReason}
        </p>
      )}
      {callback.token && (
        <div className="callback-facts">
          <p>
            <strong>Callback token</strong> <code className="token">{callback.token}</code>{' '}
            <CopyButton text={callback.token} />
          </p>
          {callback.queueUrl && (
            <p>
              <strong>Queue</strong> <code className="wrap">{callback.queueUrl}</code>
            </p>
          )}
        </div>
      )}
      {arns.length > 0 && (
        <ul className="arns" aria-label="ARNs">
          {arns.map((a) => (
            <li key={a.where}>
              <span className="muted">{a.where}</span> <code className="wrap">{a.arn}</code>
            </li>
          ))}
        </ul>
      )}
      <StepOutputs record={record} />
      {info?.type === 'Callback' && callback.token && waiting && (
        <CallbackAnswer
          token={callback.token}
          outputs={info.outputParameters}
          stopping={executionStatus === 'Stopping' || record.StepStatus === 'Stopping'}
          onAnswered={onChanged}
        />
      )}
      {!record && <p className="muted">This step has not been reached.</p>}
      <StepLogs executionArn={executionArn} name={name} type={info?.type} definition={info?.json} record={record} />
      <JobProperties record={record} />
      {record?.Metadata && Object.keys(record.Metadata).length > 0 && (
        <details open>
          <summary>Metadata</summary>
          <pre className="json">{prettyJson(record.Metadata)}</pre>
        </details>
      )}
      {info && (
        <details>
          <summary>Definition</summary>
          {info.dependsOn.length > 0 && <p>DependsOn: {info.dependsOn.join(', ')}</p>}
          <pre className="json">{prettyJson(info.json)}</pre>
        </details>
      )}
    </section>
  );
}

function ExecutionLink({ arn }: { arn: string }) {
  const pipeline = pipelineNameOf(arn);
  const id = executionIdOf(arn);
  return pipeline ? <Link to={paths.execution(pipeline, id)}>{id}</Link> : <code>{arn}</code>;
}
