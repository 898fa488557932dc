/**
 * The "Try the example pipeline" action of the pipelines page: a card (for an empty list) or a button, the
 * progress of the calls it makes, and the server's error when one is refused. On success it opens the example's
 * pipeline page, where the Start form is.
 */
import { useState } from 'react';
import { ErrorNote } from '../components/notes';
import { navigate, paths } from '../router';
import type { ExampleStepId } from './review-example';
import { EXAMPLE_PIPELINE, EXAMPLE_STEPS, installReviewExample } from './review-example';

type StepState = { state: 'running' | 'done' | 'failed'; operation: string };

export interface ExampleInstall {
  readonly start: () => void;
  readonly busy: boolean;
  readonly started: boolean;
  readonly steps: Partial<Record<ExampleStepId, StepState>>;
  readonly error: unknown;
}

/** Runs the install once per click and keeps what the page shows about it. */
export function useExampleInstall(): ExampleInstall {
  const [steps, setSteps] = useState<Partial<Record<ExampleStepId, StepState>>>({});
  const [busy, setBusy] = useState(false);
  const [started, setStarted] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const start = (): void => {
    if (busy) return;
    setBusy(true);
    setStarted(true);
    setError(undefined);
    setSteps({});
    installReviewExample((id, state, operation) => setSteps((s) => ({ ...s, [id]: { state, operation } })))
      .then(() => navigate(`${paths.pipeline(EXAMPLE_PIPELINE)}?example`))
      .catch((failure: unknown) => setError(failure))
      .finally(() => setBusy(false));
  };
  return { start, busy, started, steps, error };
}

/** What the example is, in one line. */
export function ExampleSummary() {
  return (
    <p className="example-summary">
      Creates <code>{EXAMPLE_PIPELINE}</code>: <strong>Score</strong> runs a few seconds in a Lambda function, then{' '}
      <strong>Review</strong> waits for your answer (Succeed or Fail it in the console, or run the example reviewer);{' '}
      <code>approve</code> goes on to Train.
    </p>
  );
}

/** The button that starts the install. */
export function TryExampleButton({ install, primary }: { install: ExampleInstall; primary?: boolean }) {
  return (
    <button type="button" className={primary ? 'primary' : undefined} disabled={install.busy} onClick={install.start}>
      {install.busy ? 'Creating the example…' : 'Try the example pipeline'}
    </button>
  );
}

/** The calls made so far, and the error of a refused one. */
export function ExampleProgressList({ install }: { install: ExampleInstall }) {
  if (!install.started) return null;
  const refused = EXAMPLE_STEPS.map((s) => install.steps[s.id]).find((s) => s?.state === 'failed');
  return (
    <>
      <ol className="example-progress" aria-label="Creating the example" aria-live="polite">
        {EXAMPLE_STEPS.map((s) => {
          const step = install.steps[s.id];
          return (
            <li key={s.id} data-state={step?.state ?? 'pending'}>
              <span className="example-mark" aria-hidden="true">
                {MARKS[step?.state ?? 'pending']}
              </span>{' '}
              {s.label}{' '}
              <span className="muted">{step ? `${step.operation} — ${WORDS[step.state]}` : WORDS.pending}</span>
            </li>
          );
        })}
      </ol>
      <ErrorNote error={install.error} {...(refused && { what: refused.operation })} />
    </>
  );
}

const MARKS = { pending: '○', running: '…', done: '✓', failed: '✗' } as const;
const WORDS = { pending: 'waiting', running: 'calling', done: 'done', failed: 'failed' } as const;

/** The card an empty pipelines page shows. */
export function TryExampleCard({ install }: { install: ExampleInstall }) {
  return (
    <section className="panel try-example" aria-labelledby="try-example-title">
      <h2 id="try-example-title">Try the example pipeline</h2>
      <ExampleSummary />
      <div className="actions">
        <TryExampleButton install={install} primary />
      </div>
      <ExampleProgressList install={install} />
    </section>
  );
}
