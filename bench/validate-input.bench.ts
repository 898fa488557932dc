/**
 * Micro-benchmark of request validation on the hot path. Prints ops/s per case.
 * Run: node --import tsx bench/validate-input.bench.ts
 */
import { sagemakerModel } from '../src/api/sagemaker/model.js';
import { ValidationException } from '../src/protocol/errors.js';
import { validateInput } from '../src/protocol/validate-input.js';

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerRole';
const TOKEN = '5f0c6a0e-3d0b-4b9e-9a52-2f1f3f0f6c11';
const DEFINITION = JSON.stringify(
  {
    Version: '2020-12-01',
    Parameters: [{ Name: 'InstanceCount', Type: 'Integer', DefaultValue: 1 }],
    Steps: Array.from({ length: 20 }, (_, i) => ({ Name: `Step${i}`, Type: 'Callback', Arguments: { x: i } })),
  },
  null,
  2,
);

const cases: { name: string; operation: string; input: object; invalid?: true }[] = [
  { name: 'DescribePipeline (typical)', operation: 'DescribePipeline', input: { PipelineName: 'my-pipeline' } },
  {
    name: 'StartPipelineExecution (3 parameters)',
    operation: 'StartPipelineExecution',
    input: {
      PipelineName: 'my-pipeline',
      ClientRequestToken: TOKEN,
      PipelineParameters: [
        { Name: 'InstanceCount', Value: '2' },
        { Name: 'InputData', Value: 's3://bucket/key' },
        { Name: 'Threshold', Value: '0.7' },
      ],
    },
  },
  {
    name: `CreatePipeline (${DEFINITION.length}-char definition, 2 tags)`,
    operation: 'CreatePipeline',
    input: {
      PipelineName: 'my-pipeline',
      PipelineDefinition: DEFINITION,
      ClientRequestToken: TOKEN,
      RoleArn: ROLE,
      Tags: [
        { Key: 'team', Value: 'ml' },
        { Key: 'env', Value: 'dev' },
      ],
    },
  },
  {
    name: 'CreatePipeline (2 violations, error path)',
    operation: 'CreatePipeline',
    input: { PipelineName: 'bad name', ClientRequestToken: TOKEN },
    invalid: true,
  },
];

function run(operation: string, input: object, invalid: boolean, iterations: number): void {
  for (let i = 0; i < iterations; i++) {
    try {
      validateInput(sagemakerModel, operation, input);
    } catch (err) {
      if (!invalid || !(err instanceof ValidationException)) throw err;
    }
  }
}

for (const { name, operation, input, invalid } of cases) {
  run(operation, input, invalid === true, 20_000); // warm-up, so the JIT has optimised the walk
  const iterations = 200_000;
  const start = process.hrtime.bigint();
  run(operation, input, invalid === true, iterations);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const opsPerSecond = Math.round(iterations / seconds).toLocaleString('en-US');
  console.log(`${name.padEnd(52)} ${opsPerSecond.padStart(12)} ops/s`);
}
