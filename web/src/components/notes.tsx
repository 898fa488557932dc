/** Small building blocks: an error note, a loading placeholder that keeps its size, a copy button. */
import { useState } from 'react';
import { AwsCallError, UnreachableError, describeError } from '../api/aws';

/** Shows the error of a call: the AWS code and message as Sluice answered them. */
export function ErrorNote({ error, what }: { error: unknown; what?: string }) {
  if (error === undefined || error === null) return null;
  // While Sluice is down the banner speaks; data already shown stays.
  if (error instanceof UnreachableError) return null;
  return (
    <p className="error-note" role="alert">
      {what && <strong>{what}: </strong>}
      {error instanceof AwsCallError ? (
        <>
          <code>{error.code}</code> {error.message}
        </>
      ) : (
        describeError(error)
      )}
    </p>
  );
}

/** A grey block of a given height while the first load runs. */
export function Placeholder({ height = '6rem', label = 'Loading…' }: { height?: string; label?: string }) {
  return (
    <div className="placeholder" style={{ minHeight: height }} aria-busy="true">
      {label}
    </div>
  );
}

/** Copies `text` to the clipboard. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = (): void => {
    void navigator.clipboard
      ?.writeText(text)
      .then(() => {
        setCopied(true);
        window.setTimeout(() => setCopied(false), 1_200);
      })
      .catch(() => undefined);
  };
  return (
    <button type="button" className="small" onClick={copy} aria-label={`${label}: ${text}`}>
      {/* Same width either way: no jump when it says Copied. */}
      <span className="copy-label">{copied ? 'Copied' : label}</span>
    </button>
  );
}
