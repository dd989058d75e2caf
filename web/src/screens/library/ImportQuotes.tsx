import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, useState } from 'react';
import { Link } from 'react-router';
import { api, ApiProblem, call, type Schemas } from '../../api/client';
import { Field } from '../../ui/Field';
import { ProblemMessage } from '../../ui/states';

type ImportResult = Schemas['QuoteImportResultDto'];

function Summary({ result }: { result: ImportResult }) {
  return (
    <div className={`alert ${result.dryRun ? 'alert-info' : 'alert-success'}`} role="status">
      <strong>
        {result.dryRun
          ? `The file is valid: ${result.quotes} quote${result.quotes === 1 ? '' : 's'} would be imported.`
          : `Imported ${result.quotes} quote${result.quotes === 1 ? '' : 's'}, all pending vetting.`}
      </strong>
      <ul>
        <li>
          Sources: {result.sourcesCreated.length} new, {result.sourcesMatched} rows matched an
          existing one
        </li>
        <li>
          People quoted: {result.defectorsCreated.length} new
          {result.defectorsCreated.length > 0 && ` (${result.defectorsCreated.join(', ')})`},{' '}
          {result.defectorsMatched} rows matched an existing one
        </li>
      </ul>
    </div>
  );
}

/** Every bad cell of the file, by line and column, so the sheet can be fixed in one pass. */
function RowErrors({ problem }: { problem: ApiProblem }) {
  const rows = [...problem.errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return (
    <div className="stack">
      <div className="alert alert-danger" role="alert">
        <strong>{problem.detail}</strong>
      </div>
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-label="Problems in the file">
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Column</th>
                <th scope="col">Rule</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e, i) => (
                <tr key={i}>
                  <td>{e.line ?? '—'}</td>
                  <td>
                    <code>{e.field}</code>
                  </td>
                  <td>{e.rule}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function ImportQuotes() {
  const client = useQueryClient();
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState('');
  const run = useMutation({
    mutationFn: (dryRun: boolean) =>
      call(api.POST('/api/library/quotes/import', { body: { csv, dryRun } })),
    onSuccess: (result) => {
      if (!result.dryRun) void client.invalidateQueries({ queryKey: ['quotes'] });
    },
  });
  const load = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setFileName(file.name);
    setCsv(await file.text());
    run.reset();
  };
  const problem =
    run.error instanceof ApiProblem && run.error.status === 400 ? run.error : undefined;
  return (
    <div className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to="/library">Quote library</Link> / Import
      </nav>
      <h1>Import quotes from CSV</h1>
      <p className="muted">
        Use the columns the library’s CSV export writes. Every row is checked first: if any row is
        wrong, nothing is imported and each problem is listed by line. Imported quotes start pending
        vetting.
      </p>
      <section className="card stack">
        <Field label="CSV file">
          {(p) => (
            <input {...p} type="file" accept=".csv,text/csv" onChange={(e) => void load(e)} />
          )}
        </Field>
        <Field
          label="…or paste the CSV"
          name="csv"
          error={run.error}
          hint={fileName ? `Loaded ${fileName}` : 'UTF-8, with the header row first.'}
        >
          {(p) => (
            <textarea
              {...p}
              rows={10}
              className="mono"
              value={csv}
              onChange={(e) => {
                setCsv(e.target.value);
                run.reset();
              }}
            />
          )}
        </Field>
        <div className="actions">
          <button
            type="button"
            className="btn btn-secondary"
            disabled={!csv.trim() || run.isPending}
            onClick={() => run.mutate(true)}
          >
            Check file
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={!csv.trim() || run.isPending}
            onClick={() => run.mutate(false)}
          >
            {run.isPending ? 'Working…' : 'Import'}
          </button>
        </div>
      </section>
      {run.data && <Summary result={run.data} />}
      {problem ? <RowErrors problem={problem} /> : <ProblemMessage error={run.error} />}
      {run.data && !run.data.dryRun && (
        <Link to="/library?vettingStatus=pending" className="btn btn-secondary">
          See quotes pending vetting
        </Link>
      )}
    </div>
  );
}
