/** Status badges: a colour and always the word, so that status never depends on colour alone. */

/** Step and execution statuses, plus `NotReached` for a step that has no record. */
export type AnyStatus = 'Starting' | 'Executing' | 'Stopping' | 'Stopped' | 'Failed' | 'Succeeded' | 'NotReached';

const LABELS: Readonly<Record<AnyStatus, string>> = {
  Starting: 'Starting',
  Executing: 'Executing',
  Stopping: 'Stopping',
  Stopped: 'Stopped',
  Failed: 'Failed',
  Succeeded: 'Succeeded',
  NotReached: 'not reached',
};

/** The CSS class of a status (`status-executing`). */
export function statusClass(status: string | undefined): string {
  return `status-${(status ?? 'NotReached').toLowerCase()}`;
}

/** The words of a status. */
export function statusLabel(status: string | undefined): string {
  return LABELS[(status ?? 'NotReached') as AnyStatus] ?? status ?? '';
}

/** A status pill. */
export function StatusBadge({ status }: { status: string | undefined }) {
  return (
    <span className={`badge ${statusClass(status)}`} data-status={status ?? 'NotReached'}>
      {statusLabel(status)}
    </span>
  );
}

/** True for statuses after which nothing changes (until a retry). */
export function isTerminal(status: string | undefined): boolean {
  return status === 'Succeeded' || status === 'Failed' || status === 'Stopped';
}
