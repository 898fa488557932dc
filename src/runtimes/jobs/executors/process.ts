/**
 * The `process` executor: runs a Processing or Training job as a local command, in a job folder laid out as the
 * container would see `/` (docs/config.md):
 *
 * - Processing: each `ProcessingInputs[].S3Input` is copied from local S3 to `<job dir>/<LocalPath>`; after a
 *   zero exit each `ProcessingOutputConfig.Outputs[]` folder `<job dir>/<LocalPath>` is uploaded to its S3Uri.
 * - Training: channels land in `<job dir>/opt/ml/input/data/<channel>`, hyperparameters in
 *   `/opt/ml/input/config/hyperparameters.json`; afterwards `/opt/ml/model` becomes
 *   `<S3OutputPath>/<job>/output/model.tar.gz` and `/opt/ml/output/data` `…/output/output.tar.gz`.
 *
 * The command comes from the config file's `images` (by image URI), else from the container entrypoint and
 * arguments, else (Training) from the `sagemaker_program` hyperparameter (command.ts, commandLine). `/opt/ml/…` (and every declared
 * LocalPath) in the resulting command is rewritten into the job folder; SM_* variables point there too. Output goes to
 * `<job dir>/job.log` and, line by line, to the job's CloudWatch Logs stream (job-log.ts); a non-zero exit fails the job with an AlgorithmError quoting the log's last lines (or the
 * `/opt/ml/output/failure` file, SageMaker's convention); MaxRuntimeInSeconds stops it.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { JsonObject, JsonValue } from '../../../shared/json.js';
import type { SluiceConfigFile } from '../../../sluice-config.js';
import { imageRuleFor } from '../../../sluice-config.js';
import type { LocalS3 } from '../../s3/local-s3.js';
import { joinS3Uri } from '../../s3/local-s3.js';
import { createFailure, KIND_LABELS } from '../failures.js';
import type { Job } from '../job.js';
import { objectAt, objectsAt, stringAt } from '../job.js';
import { JobRequestError } from '../job-spec.js';
import { processingOutputs } from '../processing.js';
import { extractTar, tarGzFolder } from '../tar.js';
import { finalMetrics, modelArtifactsUri, trainingOutputPath } from '../training.js';
import type { CommandResult } from './command.js';
import { COMMAND_PLACEHOLDERS, commandLine, logTail, runCommand } from './command.js';
import type { ExecuteContext, ExecuteResult, JobExecutor } from './executor.js';

/** Where a job runs and what it is told. */
interface Layout {
  readonly dir: string;
  readonly log: string;
  readonly argv: string[];
  readonly env: Record<string, string>;
}

/** Runs Processing and Training jobs as local commands. */
export class ProcessExecutor implements JobExecutor {
  constructor(
    private readonly config: SluiceConfigFile,
    private readonly s3: LocalS3,
    /** `<data dir>/jobs`: one folder per job. */
    private readonly jobsDir: string,
  ) {}

  async execute(ctx: ExecuteContext): Promise<ExecuteResult> {
    const { job } = ctx;
    if (job.kind !== 'ProcessingJob' && job.kind !== 'TrainingJob') {
      return { ok: false, ...createFailure(job.kind, `the process executor cannot run ${KIND_LABELS[job.kind]}s`) };
    }
    const dir = join(this.jobsDir, job.name);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const training = job.kind === 'TrainingJob';
    if (training) await ctx.progress('Downloading');
    const layout = training ? await this.prepareTraining(job, dir) : await this.prepareProcessing(job, dir);
    if (training) await ctx.progress('Training');
    const maxRuntime = Number(objectAt(job.request, 'StoppingCondition')['MaxRuntimeInSeconds']);
    const result = await runCommand({
      argv: layout.argv,
      cwd: dir,
      env: layout.env,
      logFile: layout.log,
      signal: ctx.signal,
      onLine: (line) => ctx.log.write(line),
      ...(Number.isFinite(maxRuntime) && maxRuntime > 0 && { timeoutMs: maxRuntime * 1000 }),
    });
    if (result.kind !== 'exited' || result.code !== 0) return this.failed(job, layout, result, maxRuntime);
    if (training) {
      await ctx.progress('Uploading');
      return this.finishTraining(job, layout, ctx.now());
    }
    for (const output of processingOutputs(job)) {
      const s3 = objectAt(output, 'S3Output');
      const uri = stringAt(s3, 'S3Uri');
      const local = stringAt(s3, 'LocalPath');
      if (uri && local && existsSync(this.local(dir, local))) await this.s3.upload(this.local(dir, local), uri);
    }
    return { ok: true };
  }

  /** A container path inside the job folder (relative paths are relative to the container's `/`). */
  private local(dir: string, containerPath: string): string {
    return join(dir, isAbsolute(containerPath) ? containerPath.slice(1) : containerPath);
  }

  private async prepareProcessing(job: Job, dir: string): Promise<Layout> {
    const env: Record<string, string> = { SM_JOB_DIR: dir, SM_JOB_NAME: job.name, SM_CURRENT_HOST: 'algo-1' };
    const localPaths: string[] = [];
    for (const input of objectsAt(job.request, 'ProcessingInputs')) {
      if (input['AppManaged'] === true) continue;
      const name = stringAt(input, 'InputName') ?? 'input';
      const s3 = objectAt(input, 'S3Input');
      const uri = stringAt(s3, 'S3Uri');
      const local = stringAt(s3, 'LocalPath');
      if (uri === undefined || local === undefined) {
        throw new JobRequestError(`processing input '${name}': Sluice's process executor reads only S3Input inputs.`);
      }
      if (s3['S3DataType'] === 'ManifestFile') {
        throw new JobRequestError(
          `processing input '${name}': manifest files are not supported by the process executor.`,
        );
      }
      if ((await this.s3.download(uri, this.local(dir, local))) === 0) throw new JobRequestError(noObjects(uri, job));
      localPaths.push(local);
      env[`SM_PROCESSING_INPUT_${envName(name)}`] = this.local(dir, local);
    }
    for (const output of processingOutputs(job)) {
      const local = stringAt(objectAt(output, 'S3Output'), 'LocalPath');
      if (local === undefined) continue;
      await mkdir(this.local(dir, local), { recursive: true });
      localPaths.push(local);
      env[`SM_PROCESSING_OUTPUT_${envName(stringAt(output, 'OutputName') ?? 'output')}`] = this.local(dir, local);
    }
    const app = objectAt(job.request, 'AppSpecification');
    const image = stringAt(app, 'ImageUri');
    const rule = imageRuleFor(this.config, image);
    const line = commandLine(
      rule?.command,
      {
        containerEntrypoint: strings(app['ContainerEntrypoint']),
        containerArguments: strings(app['ContainerArguments']),
        jobDir: dir,
        jobName: job.name,
      },
      this.config.python,
    );
    if (!line) {
      throw new JobRequestError(
        `image ${image ?? '(none)'} has no ContainerEntrypoint and the config file maps no command to it (see "images" in docs/config.md).`,
      );
    }
    const argv = line.map(pathRewriter(dir, localPaths));
    checkPlaceholders(argv, image);
    return { dir, log: join(dir, 'job.log'), argv, env: this.environment(job, rule?.environment, env) };
  }

  private async prepareTraining(job: Job, dir: string): Promise<Layout> {
    const ml = join(dir, 'opt', 'ml');
    const channels: string[] = [];
    const inputConfig: JsonObject = {};
    const env: Record<string, string> = { SM_JOB_DIR: dir, SM_JOB_NAME: job.name };
    for (const channel of objectsAt(job.request, 'InputDataConfig')) {
      const name = stringAt(channel, 'ChannelName') ?? 'training';
      const source = objectAt(objectAt(channel, 'DataSource'), 'S3DataSource');
      const uri = stringAt(source, 'S3Uri');
      if (uri === undefined)
        throw new JobRequestError(`channel '${name}': the process executor reads only S3DataSource channels.`);
      const folder = join(ml, 'input', 'data', name);
      if ((await this.s3.download(uri, folder)) === 0) throw new JobRequestError(noObjects(uri, job));
      channels.push(name);
      inputConfig[name] = {
        ContentType: channel['ContentType'] ?? null,
        TrainingInputMode:
          channel['InputMode'] ?? objectAt(job.request, 'AlgorithmSpecification')['TrainingInputMode'] ?? 'File',
        S3DistributionType: source['S3DataDistributionType'] ?? 'FullyReplicated',
        RecordWrapperType: channel['RecordWrapperType'] ?? 'None',
      };
      env[`SM_CHANNEL_${envName(name)}`] = folder;
    }
    const rawHps = objectAt(job.request, 'HyperParameters');
    const hps: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(rawHps)) hps[k] = decodeHyperParameter(v);
    const config = join(ml, 'input', 'config');
    await mkdir(config, { recursive: true });
    await writeFile(join(config, 'hyperparameters.json'), JSON.stringify(rawHps, null, 2));
    await writeFile(join(config, 'inputdataconfig.json'), JSON.stringify(inputConfig, null, 2));
    const resource = { current_host: 'algo-1', hosts: ['algo-1'], network_interface_name: 'eth0' };
    await writeFile(join(config, 'resourceconfig.json'), JSON.stringify(resource, null, 2));
    for (const sub of ['model', 'output/data', 'code']) await mkdir(join(ml, sub), { recursive: true });
    // Framework estimators ship their scripts as sagemaker_submit_directory (a tar.gz or a prefix).
    const submit = hps['sagemaker_submit_directory'];
    if (typeof submit === 'string' && submit.startsWith('s3://')) {
      const code = join(ml, 'code');
      const archive = submit.endsWith('.tar.gz') ? this.s3.readObjectBytes(submit) : undefined;
      const count = archive ? await extractTar(archive, code) : await this.s3.download(submit, code);
      if (count === 0) throw new JobRequestError(noObjects(submit, job));
    }
    const program = typeof hps['sagemaker_program'] === 'string' ? hps['sagemaker_program'] : undefined;
    const userHps = Object.entries(hps).filter(([k]) => !k.startsWith('sagemaker_'));
    const userArgs = userHps.flatMap(([k, v]) => [`--${k}`, typeof v === 'string' ? v : JSON.stringify(v)]);
    Object.assign(env, {
      SM_MODEL_DIR: join(ml, 'model'),
      SM_INPUT_DIR: join(ml, 'input'),
      SM_INPUT_CONFIG_DIR: config,
      SM_OUTPUT_DIR: join(ml, 'output'),
      SM_OUTPUT_DATA_DIR: join(ml, 'output', 'data'),
      SM_OUTPUT_INTERMEDIATE_DIR: join(ml, 'output', 'intermediate'),
      SM_CHANNELS: JSON.stringify(channels),
      SM_HPS: JSON.stringify(Object.fromEntries(userHps)),
      SM_CURRENT_HOST: 'algo-1',
      SM_HOSTS: JSON.stringify(['algo-1']),
      SM_NUM_CPUS: String(cpus().length),
      SM_NUM_GPUS: '0',
      SM_NETWORK_INTERFACE_NAME: 'eth0',
      SM_MODULE_DIR: join(ml, 'code'),
      SM_USER_ARGS: JSON.stringify(userArgs),
      ...(program !== undefined && { SM_USER_ENTRY_POINT: program, SM_MODULE_NAME: program.replace(/\.py$/, '') }),
    });
    for (const [k, v] of userHps) env[`SM_HP_${envName(k)}`] = typeof v === 'string' ? v : JSON.stringify(v);
    const algorithm = objectAt(job.request, 'AlgorithmSpecification');
    const image = stringAt(algorithm, 'TrainingImage');
    const rule = imageRuleFor(this.config, image);
    const line = commandLine(
      rule?.command,
      {
        containerEntrypoint: strings(algorithm['ContainerEntrypoint']),
        containerArguments: strings(algorithm['ContainerArguments']),
        program: program === undefined ? undefined : `/opt/ml/code/${program}`,
        hyperparameters: userArgs,
        jobDir: dir,
        jobName: job.name,
      },
      this.config.python,
    );
    if (!line) {
      throw new JobRequestError(
        `image ${image ?? '(none)'} has no ContainerEntrypoint, no sagemaker_program hyperparameter, and the config file maps no command to it (see "images" in docs/config.md).`,
      );
    }
    const argv = line.map(pathRewriter(dir, []));
    checkPlaceholders(argv, image);
    return { dir, log: join(dir, 'job.log'), argv, env: this.environment(job, rule?.environment, env) };
  }

  private environment(
    job: Job,
    fromRule: Readonly<Record<string, string>> | undefined,
    sm: Record<string, string>,
  ): Record<string, string> {
    const fromRequest: Record<string, string> = {};
    for (const [k, v] of Object.entries(objectAt(job.request, 'Environment'))) {
      if (typeof v === 'string') fromRequest[k] = v;
    }
    const inherited: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) inherited[k] = v;
    return { ...inherited, ...fromRule, ...fromRequest, ...sm };
  }

  private async finishTraining(job: Job, layout: Layout, now: number): Promise<ExecuteResult> {
    const ml = join(layout.dir, 'opt', 'ml');
    this.s3.writeObject(modelArtifactsUri(job), await tarGzFolder(join(ml, 'model')));
    const data = join(ml, 'output', 'data');
    if ((await readdir(data)).length > 0) {
      this.s3.writeObject(
        joinS3Uri(trainingOutputPath(job), job.name, 'output', 'output.tar.gz'),
        await tarGzFolder(data),
      );
    }
    const log = await readFile(layout.log, 'utf8').catch(() => '');
    const metrics: Record<string, number> = {};
    for (const definition of objectsAt(objectAt(job.request, 'AlgorithmSpecification'), 'MetricDefinitions')) {
      const name = stringAt(definition, 'Name');
      const pattern = stringAt(definition, 'Regex');
      if (name === undefined || pattern === undefined) continue;
      let last: number | undefined;
      try {
        for (const m of log.matchAll(new RegExp(pattern, 'g'))) {
          const value = Number(m[1] ?? m[0]);
          if (Number.isFinite(value)) last = value;
        }
      } catch {
        continue; // a Python-only regex: no metric, as if it never matched
      }
      if (last !== undefined) metrics[name] = last;
    }
    return { ok: true, result: { FinalMetricDataList: finalMetrics(metrics, now) } };
  }

  private async failed(job: Job, layout: Layout, result: CommandResult, maxRuntime: number): Promise<ExecuteResult> {
    const label = KIND_LABELS[job.kind];
    switch (result.kind) {
      case 'aborted':
        return { ok: false, failureReason: 'aborted', errorType: 'ClientError' };
      case 'timed-out':
        return {
          ok: false,
          failureReason: `ClientError: ${label} runtime exceeded MaxRuntimeInSeconds provided (${maxRuntime} s).`,
          errorType: 'ClientError',
          secondaryStatus: 'MaxRuntimeExceeded',
          jobStatus: 'Stopped',
        };
      case 'not-started':
        return {
          ok: false,
          failureReason: `ClientError: cannot run ${JSON.stringify(layout.argv[0] ?? '')}: ${result.reason}.`,
          errorType: 'ClientError',
        };
      case 'exited': {
        const failureFile = join(layout.dir, 'opt', 'ml', 'output', 'failure');
        const declared = (await readFile(failureFile, 'utf8').catch(() => '')).trim();
        const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.code}`;
        const detail = declared
          ? declared.slice(0, 600)
          : `${layout.argv[0] ?? 'the command'} ${how}. Last lines of ${layout.log}:\n${await logTail(layout.log)}`;
        return { ok: false, failureReason: `AlgorithmError: ${detail}`, errorType: 'ClientError' };
      }
    }
  }
}

/** SageMaker's text for an input with nothing under its URI. */
function noObjects(uri: string, job: Job): string {
  const bucket = /^s3:\/\/([^/]+)/.exec(uri)?.[1] ?? '';
  return (
    `No S3 objects found under S3 URL "${uri}" given in input data source. Please ensure that the bucket exists ` +
    `in the selected region (${job.region}), that objects exist under that S3 prefix (Sluice's local S3: ` +
    `s3://${bucket}/… is <data dir>/s3/${bucket}/…).`
  );
}

/** Rewrites `/opt/ml/…` and the declared local paths in a command argument into the job folder. */
function pathRewriter(dir: string, localPaths: readonly string[]): (arg: string) => string {
  const roots = [...new Set(['/opt/ml', ...localPaths.filter((p) => isAbsolute(p) && !p.startsWith('/opt/ml'))])];
  const escaped = roots.map((r) => r.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\/+$/, ''));
  const pattern = new RegExp(`(^|[=:,\\s])(${escaped.join('|')})(?=/|$|[\\s,:])`, 'g');
  return (arg) => arg.replace(pattern, (_m, lead: string, root: string) => `${lead}${join(dir, root.slice(1))}`);
}

/** A hyperparameter as the training toolkit decodes it: JSON when it parses, else the text. */
function decodeHyperParameter(value: JsonValue): JsonValue {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as JsonValue;
  } catch {
    return value;
  }
}

function strings(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) : [];
}

function envName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

function checkPlaceholders(argv: readonly string[], image: string | undefined): void {
  for (const arg of argv) {
    for (const m of arg.matchAll(/\{([a-z_]+)\}/g)) {
      if (COMMAND_PLACEHOLDERS.includes(m[1] ?? '')) {
        throw new JobRequestError(
          `the command for image ${image ?? '(none)'} uses {${m[1] ?? ''}}, which this job does not have.`,
        );
      }
    }
  }
}
