/**
 * Output parameters a Callback consumer (SendPipelineExecutionStepSuccess) or a Lambda function returns, checked
 * against the step's declared OutputParameters (definition-spec §4.8–4.9).
 */
import type { StepNode } from '../definition/types.js';
import { convertOutput } from '../expressions/evaluate.js';

/** An output parameter as the API carries it. */
export interface OutputParameter {
  readonly Name: string;
  readonly Value: string;
}

/**
 * Why these outputs cannot be accepted for `step`, or undefined when they can: every name must be declared, at
 * most once, and every value must convert to its declared OutputType.
 */
export function outputProblem(step: StepNode, outputs: readonly OutputParameter[]): string | undefined {
  const declared = new Map(step.outputParameters.map((p) => [p.name, p.type]));
  const seen = new Set<string>();
  for (const output of outputs) {
    const type = declared.get(output.Name);
    if (type === undefined) {
      const names = [...declared.keys()];
      return `Output parameter '${output.Name}' is not declared by step '${step.name}'${
        names.length > 0 ? `; it declares ${names.map((n) => `'${n}'`).join(', ')}` : '; it declares none'
      }.`;
    }
    if (seen.has(output.Name)) return `Output parameter '${output.Name}' is given more than once.`;
    seen.add(output.Name);
    if (convertOutput(output.Value, type) === undefined) {
      return `Value '${output.Value}' of output parameter '${output.Name}' is not a valid ${type}.`;
    }
  }
  return undefined;
}
