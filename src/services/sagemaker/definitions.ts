/** Checks definition text at CreatePipeline / UpdatePipeline. */
import { describeProblems, parseDefinition } from '../../engine/definition/parse.js';
import { ValidationException } from '../../protocol/errors.js';
import { messages } from './messages.js';

/** The definition source of a Create/Update request, once checked. */
export function requireDefinitionText(
  input: { PipelineDefinition?: string; PipelineDefinitionS3Location?: unknown },
  required: boolean,
): string | undefined {
  const inline = input.PipelineDefinition;
  const s3 = input.PipelineDefinitionS3Location;
  if (inline !== undefined && s3 !== undefined) throw new ValidationException(messages.definitionSourceTwice());
  if (s3 !== undefined) throw new ValidationException(messages.s3DefinitionUnsupported());
  if (inline === undefined) {
    if (required) throw new ValidationException(messages.definitionSourceMissing());
    return undefined;
  }
  const result = parseDefinition(inline);
  if (!result.ok) throw new ValidationException(describeProblems(result.problems));
  return inline;
}
