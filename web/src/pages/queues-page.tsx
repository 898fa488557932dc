/** The built-in SQS queues: ListQueues, then GetQueueAttributes of each for its message counts. */
import { sqs } from '../api/sqs';
import { formatTime } from '../components/format';
import { ErrorNote, Placeholder } from '../components/notes';
import { useResource } from '../live/use-resource';

const REFRESH_TICKS = 2;

const count = (attributes: Record<string, string>, name: string): string => attributes[name] ?? '—';

export function QueuesPage() {
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
              </tr>
            </thead>
            <tbody>
              {queues.data?.map(({ url, attributes }) => {
                const name = url.slice(url.lastIndexOf('/') + 1);
                const created = Number(attributes['CreatedTimestamp']);
                return (
                  <tr key={url} data-queue={name}>
                    <th scope="row">{name}</th>
                    <td className="num">{count(attributes, 'ApproximateNumberOfMessages')}</td>
                    <td className="num">{count(attributes, 'ApproximateNumberOfMessagesNotVisible')}</td>
                    <td className="num">{count(attributes, 'ApproximateNumberOfMessagesDelayed')}</td>
                    <td>{Number.isFinite(created) ? formatTime(created) : '—'}</td>
                    <td className="mono wrap">{url}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
