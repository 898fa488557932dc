/**
 * CloudWatch Logs as the edge sees it (awsJson1.1, `X-Amz-Target: Logs_20140328.<Operation>`): the read side
 * only. Lines are written by the runtimes through a LogSink (store/log-writer.ts): the built-in Lambda host to
 * `/aws/lambda/<function>`, job steps to `/aws/sagemaker/TrainingJobs`, `…/ProcessingJobs`, `…/TransformJobs`.
 */
import { logsModel } from '../../api/logs/model.js';
import { InvalidParameterException } from '../../api/logs/errors.js';
import type { JsonService, OperationHandler } from '../../protocol/json-service.js';
import type { LogsDeps } from './context.js';
import { describeHandlers } from './describe.js';
import { filterLogEventsHandler } from './filter-events.js';
import { getLogEventsHandler } from './get-events.js';

/** Builds the CloudWatch Logs JSON service. */
export function createLogsService(deps: LogsDeps): JsonService {
  const describe = describeHandlers(deps);
  const handlers: Record<string, OperationHandler> = {
    DescribeLogGroups: describe.describeLogGroups,
    DescribeLogStreams: describe.describeLogStreams,
    GetLogEvents: getLogEventsHandler(deps),
    FilterLogEvents: filterLogEventsHandler(deps),
  };
  return {
    targetPrefix: 'Logs_20140328',
    contentType: 'application/x-amz-json-1.1',
    model: logsModel,
    handlers: new Map(Object.entries(handlers)),
    validationError: (message) => new InvalidParameterException(message),
  };
}
