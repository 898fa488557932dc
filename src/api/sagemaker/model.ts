/**
 * The SageMaker service model, trimmed to the operations Sluice serves (scripts/gen-aws-shapes.py), compiled once
 * when this module is first imported.
 */
import { loadServiceModel, type ServiceModel } from '../../protocol/shape-model.js';
// An import attribute rather than fs: tsc copies the JSON into dist/ next to this module, and tsx resolves it too.
import shapes from './shapes.generated.json' with { type: 'json' };

/** The compiled SageMaker model: operation inputs for validation, output and error shape names. */
export const sagemakerModel: ServiceModel = loadServiceModel(shapes);
