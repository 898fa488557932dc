/** The built-in Lambda functions: ListFunctions. */
import { lambda } from '../api/lambda';
import { ErrorNote, Placeholder } from '../components/notes';
import { useResource } from '../live/use-resource';

const REFRESH_TICKS = 5;

const bytes = (n: number | undefined): string =>
  n === undefined
    ? '—'
    : n < 1024
      ? `${n} B`
      : n < 1024 * 1024
        ? `${(n / 1024).toFixed(1)} KiB`
        : `${(n / 1024 / 1024).toFixed(1)} MiB`;

export function FunctionsPage() {
  const functions = useResource('functions', () => lambda.listFunctions(), {
    refreshOn: (e) => e.type === 'tick' && e.count % REFRESH_TICKS === 0,
  });
  return (
    <section className="page">
      <div className="page-head">
        <h1>Functions</h1>
      </div>
      <ErrorNote error={functions.error} what="ListFunctions" />
      {functions.loading && !functions.data ? (
        <Placeholder height="8rem" />
      ) : functions.data?.length === 0 ? (
        <p className="empty">No functions. Lambda steps invoke the functions created with CreateFunction.</p>
      ) : (
        <div className="table-wrap">
          <table className="data" aria-label="Functions">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Runtime</th>
                <th scope="col">Handler</th>
                <th scope="col" className="num">
                  Memory
                </th>
                <th scope="col" className="num">
                  Timeout
                </th>
                <th scope="col" className="num">
                  Code
                </th>
                <th scope="col">State</th>
                <th scope="col">Last modified</th>
              </tr>
            </thead>
            <tbody>
              {functions.data?.map((f) => (
                <tr key={f.FunctionArn ?? f.FunctionName}>
                  <th scope="row">
                    {f.FunctionName}
                    {f.Description && <div className="muted">{f.Description}</div>}
                  </th>
                  <td>{f.Runtime ?? '—'}</td>
                  <td className="mono">{f.Handler ?? '—'}</td>
                  <td className="num">{f.MemorySize === undefined ? '—' : `${f.MemorySize} MB`}</td>
                  <td className="num">{f.Timeout === undefined ? '—' : `${f.Timeout} s`}</td>
                  <td className="num">{bytes(f.CodeSize)}</td>
                  <td>{f.State ?? '—'}</td>
                  <td>{f.LastModified ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
