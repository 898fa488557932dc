/**
 * List* of the jobs and resources job steps create. Filters as modelled (NameContains, StatusEquals, creation
 * and modification windows, ModelPackageGroupName, ModelApprovalStatus); pages of 10 by default. Order: by
 * CreationTime newest first unless SortBy/SortOrder say otherwise (our house rule for every list, see README),
 * except the tuning and AutoML lists whose documented default key is Name (ascending for tuning jobs,
 * descending for AutoML jobs, as documented).
 */
import type { RequestContext } from '../../protocol/context.js';
import { ValidationException } from '../../protocol/errors.js';
import type { Job, JobKind } from '../../runtimes/jobs/job.js';
import { compactObject, objectAt, seconds, toJob } from '../../runtimes/jobs/job.js';
import { describeJob } from '../../runtimes/jobs/job-context.js';
import { SPEC_BY_KIND } from '../../runtimes/jobs/index.js';
import type { JsonObject, JsonValue } from '../../shared/json.js';
import { isJsonObject } from '../../shared/json.js';
import { listJobRows } from '../../store/jobs.js';
import type { SageMakerDeps } from './context.js';
import { nameIn, requireJob } from './jobs.js';
import { decodeNextToken, pageScope, toPage } from './pagination.js';
import { compact, timestampToMs } from './wire.js';

/** Page size when MaxResults is absent. */
export const DEFAULT_JOB_PAGE_SIZE = 10;

type SortKey = 'name' | 'created' | 'status';

interface ListShape {
  readonly kind: JobKind;
  readonly operation: string;
  /** The member holding the page. */
  readonly member: string;
  readonly defaultSort: SortKey;
  readonly defaultAscending: boolean;
  readonly summary: (job: Job) => JsonObject;
}

function sortKey(value: unknown, fallback: SortKey): SortKey {
  switch (value) {
    case 'Name':
      return 'name';
    case 'CreationTime':
      return 'created';
    case 'Status':
      return 'status';
    case undefined:
      return fallback;
    default:
      throw new ValidationException(`SortBy '${String(value)}' is not supported for this list.`);
  }
}

const LISTS: Readonly<Record<string, ListShape>> = {
  ListTrainingJobs: {
    kind: 'TrainingJob',
    operation: 'ListTrainingJobs',
    member: 'TrainingJobSummaries',
    defaultSort: 'created',
    defaultAscending: false,
    summary: (job) =>
      compactObject({
        TrainingJobName: job.name,
        TrainingJobArn: job.arn,
        CreationTime: seconds(job.createdAt),
        TrainingEndTime: seconds(job.endedAt),
        LastModifiedTime: seconds(job.lastModifiedAt),
        TrainingJobStatus: job.status,
        SecondaryStatus: job.secondaryStatus,
      }),
  },
  ListProcessingJobs: {
    kind: 'ProcessingJob',
    operation: 'ListProcessingJobs',
    member: 'ProcessingJobSummaries',
    defaultSort: 'created',
    defaultAscending: false,
    summary: (job) =>
      compactObject({
        ProcessingJobName: job.name,
        ProcessingJobArn: job.arn,
        CreationTime: seconds(job.createdAt),
        ProcessingEndTime: seconds(job.endedAt),
        LastModifiedTime: seconds(job.lastModifiedAt),
        ProcessingJobStatus: job.status,
        FailureReason: job.failureReason,
      }),
  },
  ListTransformJobs: {
    kind: 'TransformJob',
    operation: 'ListTransformJobs',
    member: 'TransformJobSummaries',
    defaultSort: 'created',
    defaultAscending: false,
    summary: (job) =>
      compactObject({
        TransformJobName: job.name,
        TransformJobArn: job.arn,
        CreationTime: seconds(job.createdAt),
        TransformEndTime: seconds(job.endedAt),
        LastModifiedTime: seconds(job.lastModifiedAt),
        TransformJobStatus: job.status,
        FailureReason: job.failureReason,
      }),
  },
  ListHyperParameterTuningJobs: {
    kind: 'HyperParameterTuningJob',
    operation: 'ListHyperParameterTuningJobs',
    member: 'HyperParameterTuningJobSummaries',
    defaultSort: 'name',
    defaultAscending: true,
    summary: (job) => {
      const described = describeJob(SPEC_BY_KIND.HyperParameterTuningJob, job);
      const config = objectAt(job.request, 'HyperParameterTuningJobConfig');
      return compactObject({
        HyperParameterTuningJobName: job.name,
        HyperParameterTuningJobArn: job.arn,
        HyperParameterTuningJobStatus: job.status,
        Strategy: config['Strategy'] ?? 'Bayesian',
        CreationTime: seconds(job.createdAt),
        HyperParameterTuningEndTime: seconds(job.endedAt),
        LastModifiedTime: seconds(job.lastModifiedAt),
        TrainingJobStatusCounters: described['TrainingJobStatusCounters'],
        ObjectiveStatusCounters: described['ObjectiveStatusCounters'],
        ResourceLimits: config['ResourceLimits'],
      });
    },
  },
  ListAutoMLJobs: {
    kind: 'AutoMLJob',
    operation: 'ListAutoMLJobs',
    member: 'AutoMLJobSummaries',
    defaultSort: 'name',
    defaultAscending: false,
    summary: (job) => {
      const described = describeJob(SPEC_BY_KIND.AutoMLJob, job);
      return compactObject({
        AutoMLJobName: job.name,
        AutoMLJobArn: job.arn,
        AutoMLJobStatus: job.status,
        AutoMLJobSecondaryStatus: described['AutoMLJobSecondaryStatus'],
        CreationTime: seconds(job.createdAt),
        EndTime: seconds(job.endedAt),
        LastModifiedTime: seconds(job.lastModifiedAt),
        FailureReason: job.failureReason,
      });
    },
  },
  ListModels: {
    kind: 'Model',
    operation: 'ListModels',
    member: 'Models',
    defaultSort: 'created',
    defaultAscending: false,
    summary: (job) => ({ ModelName: job.name, ModelArn: job.arn, CreationTime: job.createdAt / 1000 }),
  },
  ListModelPackages: {
    kind: 'ModelPackage',
    operation: 'ListModelPackages',
    member: 'ModelPackageSummaryList',
    defaultSort: 'created',
    defaultAscending: false,
    summary: (job) => {
      const described = describeJob(SPEC_BY_KIND.ModelPackage, job);
      return compactObject({
        ModelPackageName: job.name,
        ModelPackageGroupName: job.groupName,
        ModelPackageVersion: job.version,
        ModelPackageArn: job.arn,
        ModelPackageDescription: described['ModelPackageDescription'],
        CreationTime: seconds(job.createdAt),
        ModelPackageStatus: described['ModelPackageStatus'],
        ModelApprovalStatus: described['ModelApprovalStatus'],
      });
    },
  },
};

/** Builds the List* job handlers. */
export function jobListHandlers(deps: SageMakerDeps) {
  const { db } = deps;

  const list =
    (shape: ListShape) =>
    async (raw: JsonObject, ctx: RequestContext): Promise<object> => {
      const str = (key: string): string | undefined => (typeof raw[key] === 'string' ? raw[key] : undefined);
      const filters = {
        nameContains: str('NameContains'),
        status: str('StatusEquals'),
        createdAfter: timestampToMs(raw['CreationTimeAfter'], 'CreationTimeAfter'),
        createdBefore: timestampToMs(raw['CreationTimeBefore'], 'CreationTimeBefore'),
        modifiedAfter: timestampToMs(raw['LastModifiedTimeAfter'], 'LastModifiedTimeAfter'),
        modifiedBefore: timestampToMs(raw['LastModifiedTimeBefore'], 'LastModifiedTimeBefore'),
        secondaryStatus: str('ModelApprovalStatus'),
        groupName: packageGroup(str('ModelPackageGroupName')),
        sortBy: sortKey(raw['SortBy'], shape.defaultSort),
        ascending: raw['SortOrder'] === undefined ? shape.defaultAscending : raw['SortOrder'] === 'Ascending',
      };
      // Packages are versioned (RegisterModel with a group) or not; without a group filter AWS lists the
      // ModelPackageType asked for, Unversioned by default.
      const type =
        shape.kind === 'ModelPackage' && filters.groupName === undefined
          ? (str('ModelPackageType') ?? 'Unversioned')
          : 'Both';
      const versioned = type === 'Both' ? undefined : type === 'Versioned';
      const scope = pageScope(shape.operation, { ...filters, type });
      const offset = decodeNextToken(str('NextToken'), scope);
      const limit = typeof raw['MaxResults'] === 'number' ? raw['MaxResults'] : DEFAULT_JOB_PAGE_SIZE;
      const rows = await listJobRows(db, {
        accountId: ctx.accountId,
        region: ctx.region,
        kind: shape.kind,
        ...filters,
        versioned,
        offset,
        limit: limit + 1,
      });
      const page = toPage(rows, limit, offset, scope);
      return compact({ [shape.member]: page.items.map((row) => shape.summary(toJob(row))), NextToken: page.nextToken });
    };

  /** The training jobs a tuning job launched (from its summaries), best objective first unless asked otherwise. */
  async function listTrainingJobsForHyperParameterTuningJob(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const tuning = await requireJob(db, ctx, 'HyperParameterTuningJob', nameIn(raw, 'HyperParameterTuningJobName'));
    const all = Array.isArray(tuning.result['TrainingJobSummaries'])
      ? tuning.result['TrainingJobSummaries'].filter(isJsonObject)
      : [];
    const status = raw['StatusEquals'];
    const sortBy = typeof raw['SortBy'] === 'string' ? raw['SortBy'] : 'Name';
    const ascending = raw['SortOrder'] !== 'Descending';
    const value = (s: JsonObject): JsonValue => {
      switch (sortBy) {
        case 'CreationTime':
          return s['CreationTime'] ?? 0;
        case 'Status':
          return s['TrainingJobStatus'] ?? '';
        case 'FinalObjectiveMetricValue':
          return objectAt(s, 'FinalHyperParameterTuningJobObjectiveMetric')['Value'] ?? 0;
        default:
          return s['TrainingJobName'] ?? '';
      }
    };
    const items = all
      .filter((s) => status === undefined || s['TrainingJobStatus'] === status)
      .sort((a, b) => {
        const [x, y] = [value(a), value(b)];
        const order =
          typeof x === 'number' && typeof y === 'number' ? x - y : JSON.stringify(x).localeCompare(JSON.stringify(y));
        return ascending ? order : -order;
      });
    const scope = pageScope('ListTrainingJobsForHyperParameterTuningJob', {
      arn: tuning.arn,
      status,
      sortBy,
      ascending,
    });
    const offset = decodeNextToken(typeof raw['NextToken'] === 'string' ? raw['NextToken'] : undefined, scope);
    const limit = typeof raw['MaxResults'] === 'number' ? raw['MaxResults'] : DEFAULT_JOB_PAGE_SIZE;
    const page = toPage(items.slice(offset, offset + limit + 1), limit, offset, scope);
    return compact({ TrainingJobSummaries: page.items, NextToken: page.nextToken });
  }

  return {
    listTrainingJobs: list(LISTS['ListTrainingJobs'] as ListShape),
    listProcessingJobs: list(LISTS['ListProcessingJobs'] as ListShape),
    listTransformJobs: list(LISTS['ListTransformJobs'] as ListShape),
    listHyperParameterTuningJobs: list(LISTS['ListHyperParameterTuningJobs'] as ListShape),
    listAutoMLJobs: list(LISTS['ListAutoMLJobs'] as ListShape),
    listModels: list(LISTS['ListModels'] as ListShape),
    listModelPackages: list(LISTS['ListModelPackages'] as ListShape),
    listTrainingJobsForHyperParameterTuningJob,
  };
}

/** A ModelPackageGroupName filter, which may be the group's ARN. */
function packageGroup(nameOrArn: string | undefined): string | undefined {
  if (nameOrArn === undefined) return undefined;
  const m = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:\d{12}:model-package-group\/(.+)$/.exec(nameOrArn);
  return m?.[1] ?? nameOrArn;
}
