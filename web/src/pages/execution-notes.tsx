/**
 * The notes above an execution's graph that say what it waits for: the steps a Stopping execution waits to settle,
 * and the Callback steps of a running execution that wait for an answer (which the console can give).
 */
import type { ExecutionStep } from '../api/sagemaker';
import type { PipelineModel } from '../graph/model';
import { arnsOf, callbackOf } from './step-panel';

/** The Callback steps that wait for an answer: running, with a token sent. */
function awaitingAnswer(steps: readonly ExecutionStep[]): ExecutionStep[] {
  return steps.filter((s) => s.StepStatus === 'Executing' && callbackOf(s).token !== undefined);
}

/** A running execution's Callback steps that wait for an answer, each with a way to its answer form. */
export function AnswerNote({
  steps,
  selected,
  onSelect,
}: {
  steps: readonly ExecutionStep[];
  selected: string | undefined;
  onSelect: (name: string) => void;
}) {
  const waiting = awaitingAnswer(steps);
  if (waiting.length === 0) return null;
  return (
    <div className="note" role="status" aria-label="Steps waiting for an answer">
      <ul className="plain">
        {waiting.map((s) => {
          const { queueUrl } = callbackOf(s);
          return (
            <li key={s.StepName}>
              <strong>{s.StepName}</strong> waits for an answer to its callback
              {queueUrl && (
                <>
                  {' '}
                  (sent to <code className="wrap">{queueUrl}</code>)
                </>
              )}
              : from the queue&apos;s consumer, or from you.{' '}
              {selected !== s.StepName && (
                <button type="button" className="small" onClick={() => onSelect(s.StepName)}>
                  Answer {s.StepName}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** What a Stopping execution waits for: the steps that have not settled yet. */
export function StoppingNote({
  steps,
  model,
  onSelect,
}: {
  steps: readonly ExecutionStep[];
  model: PipelineModel | undefined;
  onSelect: (name: string) => void;
}) {
  const waiting = steps.filter((s) => s.StepStatus === 'Stopping' || s.StepStatus === 'Executing');
  return (
    <div className="stopping-note" role="status" aria-label="What the execution waits for">
      <strong>Stopping.</strong>{' '}
      {waiting.length === 0 ? (
        'Every step has settled; the execution ends Stopped at the next pass.'
      ) : (
        <>
          It ends Stopped once {waiting.length === 1 ? 'this step settles' : 'these steps settle'}:
          <ul>
            {waiting.map((s) => (
              <li key={s.StepName}>
                <button type="button" className="link-like" onClick={() => onSelect(s.StepName)}>
                  {s.StepName}
                </button>{' '}
                <WaitReason step={s} model={model} onSelect={onSelect} />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** Why one step has not settled: its callback, its Lambda function, or its job. */
function WaitReason({
  step,
  model,
  onSelect,
}: {
  step: ExecutionStep;
  model: PipelineModel | undefined;
  onSelect: (name: string) => void;
}) {
  const info = model?.byName.get(step.StepName);
  const callback = callbackOf(step);
  const arn = arnsOf(step.Metadata)[0]?.arn;
  if (callback.token) {
    return (
      <>
        waits for an answer to callback token <code className="token">{callback.token}</code>
        {callback.queueUrl && (
          <>
            {' '}
            (sent to <code className="wrap">{callback.queueUrl}</code>)
          </>
        )}
        : answer it from its consumer or{' '}
        <button type="button" className="link-like" onClick={() => onSelect(step.StepName)}>
          in its details
        </button>
        .
      </>
    );
  }
  if (info?.type === 'Lambda') {
    // A running invocation has no metadata yet: the definition names the function.
    const declared = info.json['FunctionArn'];
    const functionArn = arn ?? (typeof declared === 'string' ? declared : undefined);
    return (
      <>
        waits for its Lambda function
        {functionArn && (
          <>
            {' '}
            <code className="wrap">{functionArn}</code>
          </>
        )}{' '}
        to return (a running invocation cannot be interrupted).
      </>
    );
  }
  return (
    <>
      waits for its {info?.type ?? ''} work to stop
      {arn && (
        <>
          {' '}
          (<code className="wrap">{arn}</code>)
        </>
      )}
      .
    </>
  );
}
