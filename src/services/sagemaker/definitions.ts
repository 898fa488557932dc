/** Checks definition text at CreatePipeline / UpdatePipeline. */
import type { PipelineDefinitionS3Location } from '../../api/sagemaker/pipeline-shapes.js';
import { describeProblems, parseDefinition } from '../../engine/definition/parse.js';
import { ResourceNotFound, ValidationException } from '../../protocol/errors.js';
import { messages } from './messages.js';

/** Reads an object of the local S3 (`s3://bucket/key`); undefined when it does not exist. */
export type DefinitionObjectReader = (s3Uri: string) => string | undefined;

/**
 * The definition source of a Create/Update request, once checked: the inline text, or the text of the object
 * `PipelineDefinitionS3Location` names in Sluice's local S3 (`<data dir>/s3/<Bucket>/<ObjectKey>`; a VersionId is
 * ignored, local S3 keeps no versions).
 */
export function requireDefinitionText(
  input: { PipelineDefinition?: string; PipelineDefinitionS3Location?: unknown },
  required: boolean,
  readObject?: DefinitionObjectReader,
): string | undefined {
  const inline = input.PipelineDefinition;
  const s3 = input.PipelineDefinitionS3Location as PipelineDefinitionS3Location | undefined;
  if (inline !== undefined && s3 !== undefined) throw new ValidationException(messages.definitionSourceTwice());
  let text = inline;
  if (s3 !== undefined) {
    if (!readObject) throw new ValidationException(messages.s3DefinitionUnsupported());
    const uri = `s3://${s3.Bucket}/${s3.ObjectKey}`;
    text = readObject(uri);
    if (text === undefined) throw new ResourceNotFound(definitionObjectMissing(uri));
  }
  if (text === undefined) {
    if (required) throw new ValidationException(messages.definitionSourceMissing());
    return undefined;
  }
  const result = parseDefinition(text);
  if (!result.ok) throw new ValidationException(describeProblems(result.problems));
  return text;
}

/** The message for a PipelineDefinitionS3Location whose object does not exist. */
export function definitionObjectMissing(uri: string): string {
  const path = uri.replace(/^s3:\/\//, '');
  return (
    `PipelineDefinitionS3Location ${uri} does not exist: Sluice reads it from its local S3, ` +
    `<data dir>/s3/${path}. Put the definition there (or pass it inline in PipelineDefinition).`
  );
}
