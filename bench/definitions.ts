/** Pipeline definitions of the benchmarks: Condition steps only, so executions finish without outside work. */

const PARAMETERS = [{ Name: 'Threshold', Type: 'Integer', DefaultValue: 3 }];

function conditionStep(name: string, dependsOn?: readonly string[]): object {
  return {
    Name: name,
    Type: 'Condition',
    ...(dependsOn && dependsOn.length > 0 && { DependsOn: dependsOn }),
    Arguments: {
      Conditions: [{ Type: 'GreaterThan', LeftValue: { Get: 'Parameters.Threshold' }, RightValue: 1 }],
      IfSteps: [],
      ElseSteps: [],
    },
  };
}

function definition(steps: object[]): string {
  return JSON.stringify({ Version: '2020-12-01', Metadata: {}, Parameters: PARAMETERS, Steps: steps });
}

/** One Condition step. */
export function singleConditionDefinition(): string {
  return definition([conditionStep('Check')]);
}

/** `n` Condition steps in a chain: step i depends on step i-1. */
export function chainDefinition(n: number): string {
  return definition(Array.from({ length: n }, (_, i) => conditionStep(`Step${i}`, i > 0 ? [`Step${i - 1}`] : [])));
}

/** `width` independent Condition steps and one that depends on all of them. */
export function fanOutDefinition(width: number): string {
  const names = Array.from({ length: width }, (_, i) => `Branch${i}`);
  return definition([...names.map((name) => conditionStep(name)), conditionStep('Join', names)]);
}
