/**
 * Where the example's definition points its Lambda step and Callback queue. pipeline.json names them in the
 * default account and region; a Sluice with another account (--account-id) or a console in another region
 * creates them elsewhere, so the definition is pointed at the function's ARN as CreateFunction answered it.
 * Pure and import-free, so the node tests load it too.
 */

/** `definition` with the function's ARN and the queue's URL in `functionArn`'s region and account. */
export function placeDefinition(
  definition: string,
  functionArn: string | undefined,
  names: { readonly functionName: string; readonly queueName: string },
): string {
  const match = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:/.exec(functionArn ?? '');
  if (!functionArn || !match) return definition;
  const [, region, account] = match;
  const { functionName, queueName } = names;
  return definition
    .replace(new RegExp(`arn:aws:lambda:[a-z0-9-]+:\\d{12}:function:${functionName}(?=")`, 'g'), functionArn)
    .replace(
      new RegExp(`https://sqs\\.[a-z0-9-]+\\.amazonaws\\.com/\\d{12}/${queueName}(?=")`, 'g'),
      `https://sqs.${region}.amazonaws.com/${account}/${queueName}`,
    );
}
