// Export the labels the filters select (JSON or CSV, saved as a file named with the date) and
// import such a file (the format from its extension). An import answers with what it did:
// created, updated, unchanged, and every rejected line with its reason — the rest still loads.
import { useRef, useState } from 'react';
import type { AnnotationFormat, ParamsIn } from '../../../../shared/contract';
import { useClient } from '../../app/engine-context';
import { saveBlob } from '../device/download';
import { describeReviewError } from './review-error';
import {
  EXPORT_TYPES,
  exportFileName,
  formatOfFile,
  importSummary,
  MAX_IMPORT_BYTES,
  type ImportResult,
} from './review-transfer';

type Filters = Omit<ParamsIn<'annotations.list'>, 'limit' | 'cursor'>;

interface TransferBarProps {
  filters: Filters | null;
  onImported(): void;
}

type Outcome =
  | { kind: 'exported'; count: number; file: string }
  | { kind: 'imported'; file: string; result: ImportResult }
  | { kind: 'failed'; text: string };

export function TransferBar({ filters, onImported }: TransferBarProps) {
  const client = useClient();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const exportAs = (format: AnnotationFormat) => {
    if (!filters) return;
    setBusy(true);
    setOutcome(null);
    client.request('annotations.export', { ...filters, format }).then(
      ({ content, count }) => {
        const file = exportFileName(format);
        saveBlob(new Blob([content], { type: EXPORT_TYPES[format] }), file);
        setOutcome({ kind: 'exported', count, file });
        setBusy(false);
      },
      (err: unknown) => {
        setOutcome({ kind: 'failed', text: describeReviewError(err, 'export') });
        setBusy(false);
      },
    );
  };

  const importFile = async (file: File) => {
    const format = formatOfFile(file.name);
    if (!format) {
      setOutcome({ kind: 'failed', text: `"${file.name}" is neither .json nor .csv: choose a file exported here.` });
      return;
    }
    if (file.size > MAX_IMPORT_BYTES) {
      setOutcome({ kind: 'failed', text: `"${file.name}" is larger than 20 MB: split it.` });
      return;
    }
    setBusy(true);
    setOutcome(null);
    try {
      const content = await file.text();
      if (!content) throw new Error('empty');
      const result = await client.request('annotations.import', { format, content });
      setOutcome({ kind: 'imported', file: file.name, result });
      onImported();
    } catch (err) {
      setOutcome({
        kind: 'failed',
        text:
          err instanceof Error && err.message === 'empty'
            ? `"${file.name}" is empty.`
            : describeReviewError(err, 'import'),
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="review-transfer" data-testid="label-transfer">
      <div className="review-bar">
        <button
          type="button"
          className="button small"
          disabled={busy || !filters}
          data-testid="export-json"
          onClick={() => exportAs('json')}
        >
          Export JSON
        </button>
        <button
          type="button"
          className="button small"
          disabled={busy || !filters}
          data-testid="export-csv"
          onClick={() => exportAs('csv')}
        >
          Export CSV
        </button>
        <button type="button" className="button small" disabled={busy} onClick={() => input.current?.click()}>
          Import…
        </button>
        <input
          ref={input}
          type="file"
          accept=".json,.csv,application/json,text/csv"
          hidden
          data-testid="import-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
        {busy && <span className="review-notice">Working…</span>}
      </div>
      {outcome?.kind === 'exported' && (
        <p className="review-notice" role="status" data-testid="export-result">
          Exported {outcome.count} labels to {outcome.file}.
        </p>
      )}
      {outcome?.kind === 'failed' && (
        <p className="review-error" role="alert" data-testid="transfer-error">
          {outcome.text}
        </p>
      )}
      {outcome?.kind === 'imported' && (
        <div className="review-import" role="status" data-testid="import-result">
          <p>
            Imported {outcome.file}: <strong data-testid="import-summary">{importSummary(outcome.result)}</strong>
          </p>
          {outcome.result.rejected.length > 0 && (
            <ul className="review-rejected" data-testid="import-rejected">
              {outcome.result.rejected.map((r) => (
                <li key={`${r.line}:${r.reason}`}>
                  Line {r.line}: {r.reason}
                </li>
              ))}
            </ul>
          )}
          <button type="button" className="button small" onClick={() => setOutcome(null)}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
