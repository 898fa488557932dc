/** The built-in Lambda functions (ListFunctions), and the recent invocations of the one picked (in the URL). */
import { lambda } from '../api/lambda';
import { ErrorNote, Placeholder } from '../components/notes';
import { useResource } from '../live/use-resource';
import { navigate, paths, useLocation } from '../router';
import { FunctionInvocations } from './function-invocations';

const REFRESH_TICKS = 5;

const bytes = (n: number | undefined): string =>
  n === undefined
    ? '—'
    : n < 1024
      ? `${n} B`
      : n < 1024 * 1024
        ? `${(n / 1024).toFixed(1)} KiB`
        : `${(n / 1024 / 1024).toFixed(1)} MiB`;

/** The page's URL with `name` picked (or none). */
const pickedPath = (name: string | undefined): string =>
  name === undefined ? paths.functions() : `${paths.functions()}?${new URLSearchParams({ function: name }).toString()}`;

export function FunctionsPage() {
  const picked = useLocation().search.get('function') ?? undefined;
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
                <th scope="col">
                  <span className="visually-hidden">Invocations</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {functions.data?.map((f) => (
                <tr
                  key={f.FunctionArn ?? f.FunctionName}
                  data-function={f.FunctionName}
                  className={picked === f.FunctionName ? 'selected' : undefined}
                >
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
                  <td>
                    <button
                      type="button"
                      className="small"
                      aria-pressed={picked === f.FunctionName}
                      aria-label={`Show invocations of ${f.FunctionName}`}
                      onClick={() =>
                        navigate(pickedPath(picked === f.FunctionName ? undefined : f.FunctionName), {
                          replace: true,
                        })
                      }
                    >
                      Invocations
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {picked !== undefined && <FunctionInvocations key={picked} functionName={picked} />}
    </section>
  );
}
