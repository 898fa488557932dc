/**
 * The Lambda service model, trimmed to the operations Sluice serves (scripts/gen-aws-shapes.py lambda), compiled
 * once when this module is first imported. Lambda speaks restJson1: the model's `http` bindings and the members'
 * `location` traits (uri, querystring, header) tell the codec where each input member travels.
 */
import { loadServiceModel, type ServiceModel } from '../../protocol/shape-model.js';
// An import attribute rather than fs: tsc copies the JSON into dist/ next to this module, and tsx resolves it too.
import shapes from './shapes.generated.json' with { type: 'json' };

/** The compiled Lambda model. */
export const lambdaModel: ServiceModel = loadServiceModel(shapes);
