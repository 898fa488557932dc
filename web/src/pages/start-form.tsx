/** The "Start" form of a pipeline: one field per parameter, checked by type before StartPipelineExecution. */
import type { FormEvent } from 'react';
import { useState } from 'react';
import type { Parameter } from '../api/sagemaker';
import { executionIdOf, newToken, sagemaker } from '../api/sagemaker';
import { defaultText, valueProblem } from '../components/parameters';
import { ErrorNote } from '../components/notes';
import type { ParameterInfo } from '../graph/model';
import { navigate, paths } from '../router';

export function StartForm({
  pipelineName,
  parameters,
}: {
  pipelineName: string;
  parameters: readonly ParameterInfo[];
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [displayName, setDisplayName] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const chosen: Parameter[] = [];
    for (const parameter of parameters) {
      const text = values[parameter.name];
      // An untouched field leaves the parameter to its default.
      if (text === undefined || (text === '' && parameter.defaultValue !== undefined)) continue;
      const problem = text === '' ? 'is required (it has no default)' : valueProblem(parameter.type, text);
      if (problem) found[parameter.name] = problem;
      else chosen.push({ Name: parameter.name, Value: parameter.type === 'String' ? text : text.trim() });
    }
    for (const parameter of parameters) {
      if (parameter.defaultValue === undefined && values[parameter.name] === undefined) {
        found[parameter.name] = 'is required (it has no default)';
      }
    }
    setProblems(found);
    setError(undefined);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const started = await sagemaker.startExecution({
        PipelineName: pipelineName,
        ClientRequestToken: newToken(),
        ...(chosen.length > 0 && { PipelineParameters: chosen }),
        ...(displayName.trim() !== '' && { PipelineExecutionDisplayName: displayName.trim() }),
      });
      navigate(paths.execution(pipelineName, executionIdOf(started.PipelineExecutionArn)));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="start-form" onSubmit={(event) => void submit(event)} aria-label="Start an execution" noValidate>
      {parameters.length === 0 && <p className="muted">This pipeline has no parameters.</p>}
      {parameters.map((parameter) => {
        const id = `param-${parameter.name}`;
        const problem = problems[parameter.name];
        const value = values[parameter.name] ?? defaultText(parameter);
        const set = (text: string): void => {
          setValues((v) => ({ ...v, [parameter.name]: text }));
          setProblems(({ [parameter.name]: _fixed, ...others }) => others);
        };
        return (
          <div className="field" key={parameter.name}>
            <label htmlFor={id}>
              {parameter.name} <span className="muted">{parameter.type}</span>
            </label>
            {parameter.type === 'Boolean' ? (
              <select id={id} value={value} onChange={(event) => set(event.target.value)}>
                {value === '' && <option value="">(choose)</option>}
                <option value="true">true</option>
                <option value="false">false</option>
              </select>
            ) : parameter.enumValues ? (
              <select id={id} value={value} onChange={(event) => set(event.target.value)}>
                {value === '' && <option value="">(choose)</option>}
                {parameter.enumValues.map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                value={value}
                inputMode={parameter.type === 'Integer' ? 'numeric' : parameter.type === 'Float' ? 'decimal' : 'text'}
                spellCheck={false}
                aria-invalid={problem !== undefined}
                aria-describedby={problem ? `${id}-problem` : undefined}
                onChange={(event) => set(event.target.value)}
              />
            )}
            <span className="field-problem" id={`${id}-problem`}>
              {problem ? `${parameter.name} ${problem}.` : ''}
            </span>
          </div>
        );
      })}
      <div className="field">
        <label htmlFor="execution-display-name">
          Display name <span className="muted">optional</span>
        </label>
        <input
          id="execution-display-name"
          value={displayName}
          spellCheck={false}
          onChange={(event) => setDisplayName(event.target.value)}
        />
        <span className="field-problem" />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Starting…' : 'Start'}
        </button>
      </div>
      <ErrorNote error={error} what="StartPipelineExecution" />
    </form>
  );
}
