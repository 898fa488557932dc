/**
 * The CloudWatch Logs service model, trimmed to the operations Sluice serves (scripts/gen-aws-shapes.py logs),
 * compiled once when this module is first imported.
 */
import { loadServiceModel, type ServiceModel } from '../../protocol/shape-model.js';
// An import attribute rather than fs: tsc copies the JSON into dist/ next to this module, and tsx resolves it too.
import shapes from './shapes.generated.json' with { type: 'json' };

/** The compiled CloudWatch Logs model: operation inputs for validation. */
export const logsModel: ServiceModel = loadServiceModel(shapes);
