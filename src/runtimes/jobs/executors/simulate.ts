/**
 * The `simulate` executor: a job takes the configured duration (measured from its start, so a job resumed after
 * a restart only waits for what is left), then fails as the config file scripts, or succeeds with the outputs its
 * spec simulates (a placeholder model.tar.gz, scripted property files, tuning candidates…). Its log says so: no
 * container runs, so the few lines it writes are Sluice's own, and a user reading the job's stream is not misled.
 */
import { failureFor } from '../../../sluice-config.js';
import { KIND_LABELS, scriptedFailure } from '../failures.js';
import type { ExecuteContext, ExecuteResult, JobExecutor } from './executor.js';
import { sleep } from './executor.js';

/** Simulates jobs. */
export class SimulateExecutor implements JobExecutor {
  async execute(ctx: ExecuteContext): Promise<ExecuteResult> {
    const result = await this.simulate(ctx);
    ctx.log.write(
      result.ok
        ? `Sluice: the simulated ${KIND_LABELS[ctx.job.kind].toLowerCase()} completed.`
        : ctx.signal.aborted
          ? `Sluice: the simulated ${KIND_LABELS[ctx.job.kind].toLowerCase()} was stopped.`
          : `Sluice: the simulated ${KIND_LABELS[ctx.job.kind].toLowerCase()} failed: ${result.failureReason}`,
    );
    return result;
  }

  private async simulate(ctx: ExecuteContext): Promise<ExecuteResult> {
    const started = ctx.job.startedAt ?? ctx.job.createdAt;
    const label = KIND_LABELS[ctx.job.kind].toLowerCase();
    ctx.log.write(
      `Sluice simulates ${label} ${ctx.job.name} (executor "simulate"): no container runs and no code of the job ` +
        `is executed.\nSluice: started at ${new Date(started).toISOString()}; simulated duration ` +
        `${ctx.settings.durationMs} ms.`,
    );
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
