/**
 * The SQS service model, trimmed to the operations Sluice serves (scripts/gen-aws-shapes.py sqs), compiled once when
 * this module is first imported.
 *
 * SQS never answers the framework's `ValidationException`: a missing member is `MissingParameter` ("The request must
 * contain the parameter QueueUrl.") and an unknown attribute name is `InvalidAttributeName` ("Unknown Attribute
 * Foo."). So the model used for request validation keeps the types (a member of the wrong JSON type is still a
 * SerializationException) but not the `required` lists and enums; the handlers check those themselves, with the
 * required members listed here from the unmodified model.
 */
import type { ServiceModelJson, ShapeJson } from '../../protocol/shape-model.js';
import { loadServiceModel, type ServiceModel } from '../../protocol/shape-model.js';
// An import attribute rather than fs: tsc copies the JSON into dist/ next to this module, and tsx resolves it too.
import shapes from './shapes.generated.json' with { type: 'json' };

const raw = shapes as unknown as ServiceModelJson;

/** The compiled SQS model: operation inputs (types only) for validation and for the query-protocol decoder. */
export const sqsModel: ServiceModel = loadServiceModel({
  ...raw,
  shapes: Object.fromEntries(Object.entries(raw.shapes).map(([name, shape]) => [name, typesOnly(shape)])),
});

/** Wire names of the required input members of each operation, as the AWS model lists them. */
export const SQS_REQUIRED_MEMBERS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(raw.operations).map(([operation, op]) => [
    operation,
    op.input === undefined ? [] : (raw.shapes[op.input]?.required ?? []),
  ]),
);

function typesOnly(shape: ShapeJson): ShapeJson {
  return Object.fromEntries(
    Object.entries(shape).filter(([key]) => key !== 'required' && key !== 'enum'),
  ) as unknown as ShapeJson;
}
