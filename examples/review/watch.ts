/**
 * Watches one execution of the demo with the CLI's progress view (`sluice run --wait`'s line-per-change form),
 * each line stamped with the time since the execution started, and lets the scenario act on what it sees (stop the
 * execution when the step it is about has been running for a while).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { DescribePipelineExecutionCommand } from '@aws-sdk/client-sagemaker';
import { listSteps, POLL_INTERVAL_MS } from '../../src/cli/commands/run.js';
import { formatDuration, TERMINAL_STATUSES } from '../../src/cli/render/format.js';
import type { ExecutionSnapshot } from '../../src/cli/render/progress.js';
import { createProgressView } from '../../src/cli/render/progress.js';
import type { Style, Terminal } from '../../src/cli/render/terminal.js';

/** A failure of the demo that one line explains. */
export class DemoError extends Error {
  override readonly name = 'DemoError';
}

/** A terminal whose lines start with `+1.2s`, the time since `start`; never live (the demo narrates between lines). */
export function timedTerminal(base: Terminal, style: Style, start: () => number): Terminal {
  const stamp = (): string => style.dim(`+${formatDuration(Date.now() - start())}`.padStart(7));
  return { ...base, isTTY: false, out: (line) => base.out(`${stamp()}  ${line}`) };
}

/** What a scenario does on each snapshot: nothing, or act (stop the execution) and throw to give up. */
export type SnapshotHook = (snapshot: ExecutionSnapshot, now: number) => Promise<void>;

/** Shows the execution's progress until it ends and answers its last snapshot. */
export async function watchUntilEnd(options: {
  sm: SageMakerClient;
  arn: string;
  terminal: Terminal;
  onSnapshot: SnapshotHook;
  timeoutMs: number;
}): Promise<ExecutionSnapshot> {
  const { sm, arn } = options;
  // Callback hints name the CLI as a user would type it from the repository.
  const view = createProgressView(options.terminal, (args) => `npx sluice ${args}`);
  const deadline = Date.now() + options.timeoutMs;
  try {
    for (;;) {
      const execution = await sm.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }));
      // Listed after the description, the steps are at least as recent as the status.
      const snapshot = { execution, steps: await listSteps(sm, arn) };
      const now = Date.now();
      view.update(snapshot, now);
      if (TERMINAL_STATUSES.has(execution.PipelineExecutionStatus ?? '')) return snapshot;
      if (now > deadline) {
        throw new DemoError(`the execution did not end within ${formatDuration(options.timeoutMs)}: ${arn}`);
      }
      await options.onSnapshot(snapshot, now);
      await sleep(POLL_INTERVAL_MS);
    }
  } finally {
    view.close();
  }
}
