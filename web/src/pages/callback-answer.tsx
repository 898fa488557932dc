/**
 * Answers a waiting Callback step from the console, as its consumer would: SendPipelineExecutionStepSuccess with the
 * step's declared OutputParameters, or SendPipelineExecutionStepFailure with a reason.
 */
import type { FormEvent } from 'react';
import { useState } from 'react';
import { sagemaker } from '../api/sagemaker';
import { ErrorNote } from '../components/notes';
import { valueProblem } from '../components/parameters';
import type { OutputParameterInfo } from '../graph/model';

export interface CallbackAnswerProps {
  readonly token: string;
  readonly outputs: readonly OutputParameterInfo[];
  /** The execution is stopping: the step ends Stopped whatever the answer. */
  readonly stopping: boolean;
  readonly onAnswered: () => void;
}

export function CallbackAnswer({ token, outputs, stopping, onAnswered }: CallbackAnswerProps) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState<'success' | 'failure' | undefined>(undefined);

  const succeed = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const found: Record<string, string> = {};
    for (const output of outputs) {
      const problem = valueProblem(output.type, values[output.name] ?? '');
      if (problem && (values[output.name] ?? '') !== '') found[output.name] = problem;
    }
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setBusy('success');
    setError(undefined);
    try {
      const answered = outputs
        .filter((o) => (values[o.name] ?? '') !== '')
        .map((o) => ({ Name: o.name, Value: values[o.name] ?? '' }));
      await sagemaker.sendStepSuccess(token, answered);
      onAnswered();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(undefined);
    }
  };

  const fail = async (): Promise<void> => {
    setBusy('failure');
    setError(undefined);
    try {
      await sagemaker.sendStepFailure(token, reason.trim() === '' ? 'Failed from the Sluice console.' : reason.trim());
      onAnswered();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <div className="callback-answer">
      <h3>Answer the callback</h3>
      {stopping && (
        <p className="note">
          The execution is stopping: whichever the answer, this step ends Stopped and nothing after it starts.
        </p>
      )}
      <form onSubmit={(event) => void succeed(event)} aria-label="Succeed the callback step" noValidate>
        {outputs.map((output) => {
          const id = `output-${output.name}`;
          const problem = problems[output.name];
          return (
            <div className="field" key={output.name}>
              <label htmlFor={id}>
                {output.name} <span className="muted">{output.type}</span>
              </label>
              {output.type === 'Boolean' ? (
                <select
                  id={id}
                  value={values[output.name] ?? ''}
                  onChange={(event) => setValues((v) => ({ ...v, [output.name]: event.target.value }))}
                >
                  <option value="">(leave out)</option>
                  <option value="true">true</option>
                  <option value="false">false</option>
                </select>
              ) : (
                <input
                  id={id}
                  value={values[output.name] ?? ''}
                  spellCheck={false}
                  aria-invalid={problem !== undefined}
                  onChange={(event) => setValues((v) => ({ ...v, [output.name]: event.target.value }))}
                />
              )}
              <span className="field-problem">{problem ? `${output.name} ${problem}.` : ''}</span>
            </div>
          );
        })}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy !== undefined}>
            {busy === 'success' ? 'Sending…' : 'Succeed'}
          </button>
        </div>
      </form>
      <div className="field">
        <label htmlFor="callback-failure-reason">Failure reason</label>
        <input
          id="callback-failure-reason"
          value={reason}
          placeholder="Failed from the Sluice console."
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      <div className="actions">
        <button type="button" className="danger" disabled={busy !== undefined} onClick={() => void fail()}>
          {busy === 'failure' ? 'Sending…' : 'Fail'}
        </button>
      </div>
      <ErrorNote error={error} />
    </div>
  );
}
