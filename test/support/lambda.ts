/** Lambda test helpers: an SDK client for a test server, and deployment packages for Python and Node handlers. */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { TEST_CREDENTIALS } from './test-server.js';
import { makeZip } from './zip.js';

/** A role ARN Lambda accepts. */
export const LAMBDA_ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

/** A JS SDK Lambda client pointed at the server, retries off. */
export function lambdaClient(url: string, region = 'us-east-1'): LambdaClient {
  return new LambdaClient({ endpoint: url, region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

/**
 * A Python handler module (`app.handler`) that echoes its event, reports its context and environment, counts
 * its invocations in a module-level counter (to tell warm from cold workers), and misbehaves on request:
 * `{"raise": "text"}`, `{"sleep": seconds}`, `{"print": "text"}`, `{"printBytes": n}`, `{"returnBytes": n}`,
 * `{"exit": code}`, `{"touch": path}` (writes the request id to that file).
 */
export const PYTHON_APP = `import json, os, sys, time
calls = 0
print("init app.py")

class ItFailed(Exception):
    pass

def handler(event, context):
    global calls
    calls += 1
    if "print" in event:
        print(event["print"])
    if "printBytes" in event:
        for _ in range(event["printBytes"] // 1000):
            sys.stdout.write("x" * 999 + "\\n")
    if "raise" in event:
        raise ItFailed(event["raise"])
    if "sleep" in event:
        time.sleep(event["sleep"])
    if "exit" in event:
        os._exit(event["exit"])
    if "touch" in event:
        with open(event["touch"], "w") as f:
            f.write(context.aws_request_id)
    if "returnBytes" in event:
        return "y" * event["returnBytes"]
    return {
        "event": event,
        "calls": calls,
        "version": event.get("version", 1),
        "context": {
            "function_name": context.function_name,
            "function_version": context.function_version,
            "invoked_function_arn": context.invoked_function_arn,
            "memory_limit_in_mb": context.memory_limit_in_mb,
            "aws_request_id": context.aws_request_id,
            "log_group_name": context.log_group_name,
            "log_stream_name": context.log_stream_name,
            "remaining": context.get_remaining_time_in_millis(),
        },
        "env": {k: os.environ.get(k) for k in ("GREETING", "AWS_LAMBDA_FUNCTION_NAME", "AWS_REGION", "AWS_LAMBDA_FUNCTION_TIMEOUT", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE")},
    }
`;

/** The same behaviours as PYTHON_APP for Node (`index.handler`, an async ES module). */
export const NODE_APP = `import { writeFileSync } from 'node:fs';
let calls = 0;
console.log('init index.mjs');

class ItFailed extends Error {
  constructor(message) { super(message); this.name = 'ItFailed'; }
}

export const handler = async (event, context) => {
  calls++;
  if (event.print !== undefined) console.log(event.print);
  if (event.printBytes !== undefined) {
    for (let i = 0; i < event.printBytes / 1000; i++) process.stdout.write('x'.repeat(999) + '\\n');
  }
  if (event.raise !== undefined) throw new ItFailed(event.raise);
  if (event.sleep !== undefined) await new Promise((resolve) => setTimeout(resolve, event.sleep * 1000));
  if (event.exit !== undefined) process.exit(event.exit);
  if (event.touch !== undefined) writeFileSync(event.touch, context.awsRequestId);
  if (event.returnBytes !== undefined) return 'y'.repeat(event.returnBytes);
  return {
    event,
    calls,
    version: event.version ?? 1,
    context: {
      functionName: context.functionName,
      functionVersion: context.functionVersion,
      invokedFunctionArn: context.invokedFunctionArn,
      memoryLimitInMB: context.memoryLimitInMB,
      awsRequestId: context.awsRequestId,
      logGroupName: context.logGroupName,
      logStreamName: context.logStreamName,
      remaining: context.getRemainingTimeInMillis(),
      callbackWaitsForEmptyEventLoop: context.callbackWaitsForEmptyEventLoop,
    },
    env: Object.fromEntries(
      ['GREETING', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_REGION', 'AWS_LAMBDA_FUNCTION_TIMEOUT', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE'].map((k) => [k, process.env[k] ?? null]),
    ),
  };
};
`;

/** A package holding the Python app as `app.py` (handler `app.handler`). */
export function pythonPackage(source = PYTHON_APP): Buffer {
  return makeZip({ 'app.py': source });
}

/** A package holding the Node app as `index.mjs` (handler `index.handler`). */
export function nodePackage(source = NODE_APP): Buffer {
  return makeZip({ 'index.mjs': source });
}

/** Decodes an Invoke payload as JSON. */
export function payloadJson(payload: Uint8Array | undefined): unknown {
  return JSON.parse(Buffer.from(payload ?? new Uint8Array()).toString('utf8'));
}
