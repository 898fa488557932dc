/**
 * What a step produced, as the public APIs give it: the output parameters in its metadata (Lambda and Callback
 * steps), and the properties of the job or resource it created (Describe*, read when asked for: the same object
 * a later step's `Get: Steps.X.…` reads).
 */
import { useState } from 'react';
import type { ExecutionStep } from '../api/sagemaker';
import { sagemaker } from '../api/sagemaker';
import { prettyJson } from '../components/format';
import { ErrorNote } from '../components/notes';
import { useResource } from '../live/use-resource';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The `OutputParameters` ({Name, Value}) of a step's metadata, wherever the step type puts them. */
export function outputsOf(metadata: Json | undefined): { name: string; value: string }[] {
  for (const section of Object.values(metadata ?? {})) {
    if (!isObject(section) || !Array.isArray(section['OutputParameters'])) continue;
    return section['OutputParameters'].filter(isObject).map((o) => ({
      name: typeof o['Name'] === 'string' ? o['Name'] : '',
      value: typeof o['Value'] === 'string' ? o['Value'] : prettyJson(o['Value']),
    }));
  }
  return [];
}

export function StepOutputs({ record }: { record: ExecutionStep | undefined }) {
  const outputs = outputsOf(record?.Metadata);
  if (outputs.length === 0) return null;
  return (
    <table className="data compact" aria-label="Output parameters">
      <caption>Output parameters</caption>
      <tbody>
        {outputs.map((o) => (
          <tr key={o.name}>
            <th scope="row">{o.name}</th>
            <td className="mono">{o.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The Describe* operation and its name member for each metadata section that names a job or resource. */
const DESCRIBERS: Readonly<Record<string, readonly [operation: string, member: string, byArn?: true]>> = {
  TrainingJob: ['DescribeTrainingJob', 'TrainingJobName'],
  ProcessingJob: ['DescribeProcessingJob', 'ProcessingJobName'],
  TransformJob: ['DescribeTransformJob', 'TransformJobName'],
  TuningJob: ['DescribeHyperParameterTuningJob', 'HyperParameterTuningJobName'],
  AutoMLJob: ['DescribeAutoMLJob', 'AutoMLJobName'],
  Model: ['DescribeModel', 'ModelName'],
  // A versioned package's name is `<group>/<version>`: its ARN says it whole.
  RegisterModel: ['DescribeModelPackage', 'ModelPackageName', true],
};

/** How to describe what a step's metadata names, if it names a job or resource the API describes. */
function describerOf(metadata: Json | undefined): { operation: string; member: string; name: string } | undefined {
  for (const [key, [operation, member, byArn]] of Object.entries(DESCRIBERS)) {
    const section = metadata?.[key];
    const arn = isObject(section) ? section['Arn'] : undefined;
    if (typeof arn !== 'string') continue;
    return { operation, member, name: byArn ? arn : arn.slice(arn.indexOf('/') + 1) };
  }
  return undefined;
}

/** The step's job or resource as Describe* answers it, read when the section is opened. */
export function JobProperties({ record }: { record: ExecutionStep | undefined }) {
  const target = describerOf(record?.Metadata);
  const [open, setOpen] = useState(false);
  const key = target ? `${target.operation}:${target.name}:${record?.StepStatus ?? ''}` : '';
  const properties = useResource(
    `properties:${key}`,
    () =>
      target ? sagemaker.describeResource(target.operation, target.member, target.name) : Promise.resolve(undefined),
    // Read again whenever the step changes status (the key), not on every tick.
    { enabled: open && target !== undefined, refreshOn: () => false },
  );
  if (!target) return null;
  return (
    <details onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Properties ({target.operation})</summary>
      <ErrorNote error={properties.error} what={target.operation} />
      {properties.data ? <pre className="json">{prettyJson(properties.data)}</pre> : <p className="muted">…</p>}
    </details>
  );
}
