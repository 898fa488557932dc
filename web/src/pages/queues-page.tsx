/**
 * The built-in SQS queues: ListQueues, then GetQueueAttributes of each for its message counts, and a peek at a
 * queue's messages on request.
 */
import { useId, useRef, useState } from 'react';
import { sqs } from '../api/sqs';
import { formatTime } from '../components/format';
import { ErrorNote, Placeholder } from '../components/notes';
import { useResource } from '../live/use-resource';
import { QueuePeek } from './queue-peek';

const REFRESH_TICKS = 2;

const count = (attributes: Record<string, string>, name: string): string => attributes[name] ?? '—';

const nameOf = (url: string): string => url.slice(url.lastIndexOf('/') + 1);

export function QueuesPage() {
  const noteId = useId();
  // `n` counts the clicks: Peek on the queue already shown peeks again.
  const [peeked, setPeeked] = useState<{ url: string; n: number } | undefined>(undefined);
  // Close gives the focus back to the Peek button that opened the messages.
  const opener = useRef<HTMLButtonElement | null>(null);
  const queues = useResource(
    'queues',
    async () => {
      const urls = await sqs.listQueues();
      return Promise.all(
        urls.map(async (url) => ({
          url,
          attributes: await sqs.attributes(url).catch((): Record<string, string> => ({})),
        })),
      );
    },
    { refreshOn: (e) => e.type === 'tick' && e.count % REFRESH_TICKS === 0 },
  );
  return (
    <section className="page">
      <div className="page-head">
        <h1>Queues</h1>
      </div>
      <ErrorNote error={queues.error} what="ListQueues" />
      {queues.loading && !queues.data ? (
        <Placeholder height="8rem" />
      ) : queues.data?.length === 0 ? (
        <p className="empty">No queues. Callback steps send their messages to the queue their SqsQueueUrl names.</p>
      ) : (
        <>
          <p className="muted small-text" id={noteId}>
            Peek receives up to 10 messages with VisibilityTimeout 0: they stay available, but each peek counts as a
            receive (ApproximateReceiveCount goes up, toward a dead-letter queue&apos;s maxReceiveCount).
          </p>
          <div className="table-wrap">
            <table className="data" aria-label="Queues">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col" className="num">
                    Available
                  </th>
                  <th scope="col" className="num">
                    In flight
                  </th>
                  <th scope="col" className="num">
                    Delayed
                  </th>
                  <th scope="col">Created</th>
                  <th scope="col">URL</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {queues.data?.map(({ url, attributes }) => {
                  const name = nameOf(url);
                  const created = Number(attributes['CreatedTimestamp']);
                  return (
                    <tr key={url} data-queue={name}>
                      <th scope="row">{name}</th>
                      <td className="num">{count(attributes, 'ApproximateNumberOfMessages')}</td>
                      <td className="num">{count(attributes, 'ApproximateNumberOfMessagesNotVisible')}</td>
                      <td className="num">{count(attributes, 'ApproximateNumberOfMessagesDelayed')}</td>
                      <td>{Number.isFinite(created) ? formatTime(created) : '—'}</td>
                      <td className="mono wrap">{url}</td>
                      <td>
                        <button
                          type="button"
                          className="small"
                          aria-label={`Peek at messages in ${name}`}
                          aria-describedby={noteId}
                          onClick={(event) => {
                            opener.current = event.currentTarget;
                            setPeeked((p) => ({ url, n: (p?.n ?? 0) + 1 }));
                          }}
                        >
                          Peek
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {peeked !== undefined && (
            <QueuePeek
              key={peeked.n}
              url={peeked.url}
              name={nameOf(peeked.url)}
              noteId={noteId}
              onClose={() => {
                setPeeked(undefined);
                opener.current?.focus();
              }}
            />
          )}
        </>
      )}
    </section>
  );
}
