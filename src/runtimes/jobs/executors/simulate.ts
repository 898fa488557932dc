/**
 * The `simulate` executor: a job takes the configured duration (measured from its start, so a job resumed after
 * a restart only waits for what is left), then fails as the config file scripts, or succeeds with the outputs its
 * spec simulates (a placeholder model.tar.gz, scripted property files, tuning candidates…).
 */
import { failureFor } from '../../../sluice-config.js';
import { scriptedFailure } from '../failures.js';
import type { ExecuteContext, ExecuteResult, JobExecutor } from './executor.js';
import { sleep } from './executor.js';

/** Simulates jobs. */
export class SimulateExecutor implements JobExecutor {
  async execute(ctx: ExecuteContext): Promise<ExecuteResult> {
    const started = ctx.job.startedAt ?? ctx.job.createdAt;
    await sleep(started + ctx.settings.durationMs - ctx.now(), ctx.signal);
    if (ctx.signal.aborted) return { ok: false, failureReason: 'aborted', errorType: 'ClientError' };
    const fail = failureFor(ctx.settings, ctx.attempt);
    if (fail) {
      const failure = scriptedFailure(ctx.job.kind, fail);
      return { ok: false, failureReason: failure.failureReason, errorType: failure.errorType };
    }
    const output = ctx.spec.simulate?.(ctx.job, {
      step: ctx.step,
      settings: ctx.settings,
      now: ctx.now(),
      random: (length) => ctx.random(length),
    });
    return { ok: true, ...output };
  }
}
