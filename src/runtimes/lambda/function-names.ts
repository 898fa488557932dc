/**
 * Function names as Lambda accepts them wherever a `FunctionName` goes: a name (`my-fn`), a partial ARN
 * (`123456789012:function:my-fn`) or a full ARN (`arn:aws:lambda:us-east-1:123456789012:function:my-fn`), each
 * optionally followed by `:<qualifier>`. The pattern is the model's (NamespacedFunctionName).
 */

/** A parsed function reference; absent parts come from the request. */
export interface FunctionReference {
  readonly name: string;
  readonly region?: string;
  readonly accountId?: string;
  /** `$LATEST`, a version number or an alias; undefined when none was given. */
  readonly qualifier?: string;
}

const FUNCTION_REFERENCE =
  /^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9\-_.]+)(?::(\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9\-_]+))?$/;

/** Parses a FunctionName; undefined when it does not match Lambda's pattern. */
export function parseFunctionReference(text: string): FunctionReference | undefined {
  const match = FUNCTION_REFERENCE.exec(text);
  if (match === null) return undefined;
  const [, region, accountId, name, qualifier] = match;
  if (name === undefined) return undefined;
  return {
    name,
    ...(region === undefined ? {} : { region }),
    ...(accountId === undefined ? {} : { accountId }),
    ...(qualifier === undefined ? {} : { qualifier }),
  };
}

/** `arn:aws:lambda:<region>:<account>:function:<name>`. */
export function functionArn(region: string, accountId: string, name: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${name}`;
}
