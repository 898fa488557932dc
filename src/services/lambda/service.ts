/** The built-in Lambda endpoint: the operations Sluice serves, with their restJson1 bindings. */
import { RequestEntityTooLargeException, RequestTooLargeException } from '../../api/lambda/errors.js';
import { lambdaModel } from '../../api/lambda/model.js';
import type { RestJsonOperation, RestJsonService } from '../../protocol/rest-json.js';
import type { LambdaServiceDeps } from './context.js';
import { createFunction, deleteFunction, getFunction, getFunctionConfiguration, listFunctions } from './functions.js';
import type { BackgroundInvocations } from './invoke.js';
import { invoke } from './invoke.js';
import { LIMITS, messages } from './messages.js';
import { updateFunctionCode, updateFunctionConfiguration } from './updates.js';

/** Every Lambda path starts with this. */
export const LAMBDA_PATH_PREFIX = '/2015-03-31/functions';

/** Builds the Lambda service for the restJson1 codec. */
export function createLambdaService(deps: LambdaServiceDeps, background: BackgroundInvocations): RestJsonService {
  const small = (operation: string): Pick<RestJsonOperation, 'maxBodyBytes' | 'tooLarge'> => ({
    maxBodyBytes: LIMITS.codeRequestBytes,
    tooLarge: () => new RequestEntityTooLargeException(messages.codeRequestTooLarge(operation)),
  });
  const operations = new Map<string, RestJsonOperation>([
    ['CreateFunction', { ...small('CreateFunction'), handler: (i, c) => createFunction(deps, i, c) }],
    ['GetFunction', { ...small('GetFunction'), handler: (i, c) => getFunction(deps, i, c) }],
    [
      'GetFunctionConfiguration',
      { ...small('GetFunctionConfiguration'), handler: (i, c) => getFunctionConfiguration(deps, i, c) },
    ],
    ['ListFunctions', { ...small('ListFunctions'), handler: (i, c) => listFunctions(deps, i, c) }],
    ['UpdateFunctionCode', { ...small('UpdateFunctionCode'), handler: (i, c) => updateFunctionCode(deps, i, c) }],
    [
      'UpdateFunctionConfiguration',
      { ...small('UpdateFunctionConfiguration'), handler: (i, c) => updateFunctionConfiguration(deps, i, c) },
    ],
    [
      'DeleteFunction',
      {
        ...small('DeleteFunction'),
        handler: (i, c) => deleteFunction(deps, i, c),
        output: { statusCode: 'StatusCode' },
      },
    ],
    [
      'Invoke',
      {
        handler: (i, c, payload) => invoke(deps, background, i, c, payload),
        inputPayload: 'Payload',
        maxBodyBytes: LIMITS.invokePayloadBytes,
        tooLarge: () => new RequestTooLargeException(messages.invokeTooLarge()),
        output: {
          statusCode: 'StatusCode',
          headers: {
            FunctionError: 'X-Amz-Function-Error',
            LogResult: 'X-Amz-Log-Result',
            ExecutedVersion: 'X-Amz-Executed-Version',
          },
          payload: 'Payload',
        },
      },
    ],
  ]);
  return {
    pathPrefix: LAMBDA_PATH_PREFIX,
    model: lambdaModel,
    operations,
    onInternalError: (error, operation, requestId) =>
      deps.logger.error('request:failed', { requestId, operation: `Lambda.${operation}`, error }),
  };
}
