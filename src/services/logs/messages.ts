/** Error texts, worded as CloudWatch Logs words them where it has a wording. */
export const logsMessages = {
  groupNotFound: () => 'The specified log group does not exist.',
  streamNotFound: () => 'The specified log stream does not exist.',
  invalidToken: () => 'The specified nextToken is invalid.',
  nameAndIdentifier: () => 'LogGroup name and LogGroup ARN are mutually exclusive parameters.',
  noGroup: () => 'Either logGroupName or logGroupIdentifier must be specified.',
  prefixAndPattern: () => 'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.',
  orderByWithPrefix: () => 'Cannot order by LastEventTime with a logStreamNamePrefix.',
  streamNamesAndPrefix: () => 'logStreamNames and logStreamNamePrefix are mutually exclusive parameters.',
  endBeforeStart: () => 'endTime must not be before startTime.',
  badIdentifier: (value: string) => `'${value}' is not a log group name or ARN.`,
};
