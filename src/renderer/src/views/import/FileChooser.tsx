// Where the file comes from. In a browser the file is on the operator's machine, not the
// engine's: it is uploaded (POST /api/import/upload) and the engine's copy is previewed. The
// desktop app has no HTTP server to upload to and its sandboxed page cannot read local paths,
// so there the operator types the file's path (the desktop engine runs on the same machine).
// A path typed in a browser is a file already on the engine's machine (a server's share).
import { useEffect, useId, useRef, useState } from 'react';
import { inElectron } from '../device/download';
import { uploadFile } from './upload-file';

export interface ImportTarget {
  /** The file on the engine's machine. */
  path: string;
  /** What the operator knows it by. */
  name: string;
}

interface FileChooserProps {
  onChosen(target: ImportTarget): void;
  disabled: boolean;
}

const ACCEPT = '.csv,.tsv,.txt,.parquet,.pq,text/csv';

export function FileChooser({ onChosen, disabled }: FileChooserProps) {
  const id = useId();
  const electron = inElectron();
  const [uploading, setUploading] = useState<{ name: string; fraction: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [path, setPath] = useState('');
  const abort = useRef<(() => void) | null>(null);
  useEffect(() => () => abort.current?.(), []);

  const upload = (file: File) => {
    abort.current?.();
    setError(null);
    setUploading({ name: file.name, fraction: 0 });
    const u = uploadFile(file, (fraction) => setUploading({ name: file.name, fraction }));
    abort.current = u.abort;
    u.done.then(
      (stored) => {
        abort.current = null;
        setUploading(null);
        onChosen({ path: stored.path, name: file.name });
      },
      (err: Error & { code?: string }) => {
        abort.current = null;
        setUploading(null);
        if (err.code !== 'CANCELLED') setError(err.message);
      },
    );
  };

  const busy = disabled || uploading !== null;
  return (
    <div className="import-source">
      {!electron && (
        <label className="import-file-label" htmlFor={`${id}-file`}>
          CSV or Parquet file
          <input
            id={`${id}-file`}
            type="file"
            accept={ACCEPT}
            data-testid="import-file"
            disabled={busy}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) upload(file);
            }}
          />
        </label>
      )}
      {uploading && (
        <div className="import-upload" aria-live="polite">
          <progress data-testid="import-upload-progress" max={1} value={uploading.fraction} />
          <span>
            Uploading {uploading.name} · {Math.round(uploading.fraction * 100)}%
          </span>
          <button type="button" className="button small" onClick={() => abort.current?.()}>
            Cancel
          </button>
        </div>
      )}
      <form
        className="import-path"
        onSubmit={(e) => {
          e.preventDefault();
          const p = path.trim();
          if (p) onChosen({ path: p, name: p.split(/[\\/]/).pop() || p });
        }}
      >
        <label htmlFor={`${id}-path`}>
          {electron ? 'Full path of the CSV or Parquet file' : "Or a file already on the engine's machine"}
        </label>
        <input
          id={`${id}-path`}
          type="text"
          data-testid="import-path"
          placeholder={electron ? 'C:\\exports\\press-7.csv or /home/me/press-7.csv' : '/srv/exports/press-7.csv'}
          value={path}
          disabled={busy}
          onChange={(e) => setPath(e.target.value)}
        />
        <button type="submit" className="button" disabled={busy || path.trim() === ''}>
          Preview
        </button>
      </form>
      {error && (
        <p className="field-error" role="alert" data-testid="import-upload-error">
          Upload failed: {error}
        </p>
      )}
    </div>
  );
}
