/**
 * A peek at a queue's messages: one ReceiveMessage with VisibilityTimeout 0, run only when asked (never on a
 * refresh: every peek raises the messages' receive counts), and never followed by a delete.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { Message, MessageAttributeValue } from '../api/sqs';
import { PEEK_MAX, sqs } from '../api/sqs';
import { displayBody, formatClock, formatTime } from '../components/format';
import { ErrorNote } from '../components/notes';

type Peek =
  | { readonly state: 'loading'; readonly previous?: readonly Message[] }
  | { readonly state: 'done'; readonly messages: readonly Message[]; readonly at: number }
  | { readonly state: 'failed'; readonly error: unknown };

export interface QueuePeekProps {
  readonly url: string;
  readonly name: string;
  /** The id of the line that says what a peek does to the messages. */
  readonly noteId: string;
  readonly onClose: () => void;
}

/** The peeked messages of one queue, with Peek again and Close. */
export function QueuePeek({ url, name, noteId, onClose }: QueuePeekProps) {
  const titleId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [peek, setPeek] = useState<Peek>({ state: 'loading' });
  const run = useCallback(() => {
    setPeek((p) => ({ state: 'loading', ...(p.state === 'done' && { previous: p.messages }) }));
    sqs.peekMessages(url).then(
      (messages) => setPeek({ state: 'done', messages, at: Date.now() }),
      (error: unknown) => setPeek({ state: 'failed', error }),
    );
  }, [url]);
  // Once per open (the page keys this by queue): a dev StrictMode re-run must not receive twice.
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current) return;
    opened.current = true;
    run();
    // Keyboard users land on what they asked for.
    heading.current?.focus();
  }, [run]);
  const messages = peek.state === 'done' ? peek.messages : peek.state === 'loading' ? peek.previous : undefined;
  return (
    <section className="panel queue-peek" aria-labelledby={titleId}>
      <div className="panel-head">
        <h2 id={titleId} ref={heading} tabIndex={-1}>
          Messages in {name}
        </h2>
        <div className="actions">
          <button type="button" onClick={run} disabled={peek.state === 'loading'} aria-describedby={noteId}>
            Peek again
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
      <p className="muted small-text" role="status">
        {peek.state === 'loading'
          ? 'Peeking…'
          : peek.state === 'done'
            ? peekSummary(peek.messages.length, peek.at)
            : ''}
      </p>
      {peek.state === 'failed' && <ErrorNote error={peek.error} what="ReceiveMessage" />}
      {messages && messages.length > 0 && (
        <ol className="messages">
          {messages.map((message, i) => (
            <li key={message.MessageId ?? i}>
              <MessageCard message={message} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function peekSummary(count: number, at: number): string {
  const found = count === 0 ? 'No available messages' : `${count} message${count === 1 ? '' : 's'}`;
  return `${found} at ${formatClock(at)} (at most ${PEEK_MAX}; messages in flight or delayed do not show).`;
}

/** One message: its id, system attributes, message attributes and body. */
function MessageCard({ message }: { message: Message }) {
  const system = message.Attributes ?? {};
  const sent = Number(system['SentTimestamp']);
  const firstReceived = Number(system['ApproximateFirstReceiveTimestamp']);
  const attributes = Object.entries(message.MessageAttributes ?? {});
  return (
    <article className="message" aria-label={`Message ${message.MessageId ?? ''}`} data-message-id={message.MessageId}>
      <dl className="facts compact">
        <div className="wide">
          <dt>MessageId</dt>
          <dd className="mono">{message.MessageId ?? '—'}</dd>
        </div>
        <div>
          <dt>Sent</dt>
          <dd>{Number.isFinite(sent) ? formatTime(sent / 1000) : '—'}</dd>
        </div>
        <div>
          <dt>Receive count</dt>
          <dd data-field="ApproximateReceiveCount">{system['ApproximateReceiveCount'] ?? '—'}</dd>
        </div>
        <div>
          <dt>First received</dt>
          <dd>{Number.isFinite(firstReceived) ? formatTime(firstReceived / 1000) : '—'}</dd>
        </div>
        {Object.entries(system)
          .filter(([key]) => !SHOWN_SYSTEM.has(key))
          .map(([key, value]) => (
            <div key={key}>
              <dt>{key}</dt>
              <dd className="mono wrap">{value}</dd>
            </div>
          ))}
      </dl>
      {attributes.length > 0 && <MessageAttributes attributes={attributes} />}
      {/* Focusable, so the keyboard scrolls a long body too. */}
      <pre className="json message-body" tabIndex={0} aria-label={`Body of message ${message.MessageId ?? ''}`}>
        {displayBody(message.Body ?? '')}
      </pre>
    </article>
  );
}

/** System attributes shown in their own words above; the others are listed as they come. */
const SHOWN_SYSTEM = new Set(['SentTimestamp', 'ApproximateReceiveCount', 'ApproximateFirstReceiveTimestamp']);

function MessageAttributes({ attributes }: { attributes: readonly [string, MessageAttributeValue][] }) {
  return (
    <table className="data compact" aria-label="Message attributes">
      <thead>
        <tr>
          <th scope="col">Attribute</th>
          <th scope="col">Type</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {attributes.map(([key, value]) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td>{value.DataType}</td>
            <td className="mono wrap">{value.StringValue ?? value.BinaryValue ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
