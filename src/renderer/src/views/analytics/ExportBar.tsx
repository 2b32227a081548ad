// The CSV and PNG buttons every Analytics panel carries, with what the last export was (its title
// and range stay on the panel as data attributes: the PNG's text, checkable without OCR).
import { saveBlob, saveUrl } from '../device/download';
import type { ChartOption } from '../../charts/echarts';
import { renderPng } from './analytics-chart';
import type { ExportTitle } from './analytics-export';

export interface ExportRequest {
  /** The file name without extension. */
  name: string;
  csv(): string;
  png(): { option: ChartOption; title: ExportTitle };
}

export interface ExportedPng {
  title: string;
  range: string;
}

interface ExportBarProps {
  request: ExportRequest | null;
  onExported?(png: ExportedPng): void;
}

export function ExportBar({ request, onExported }: ExportBarProps) {
  return (
    <div className="analytics-export" role="group" aria-label="Export">
      <button
        type="button"
        disabled={!request}
        data-testid="export-csv"
        onClick={() => request && saveBlob(new Blob([request.csv()], { type: 'text/csv' }), `${request.name}.csv`)}
      >
        CSV
      </button>
      <button
        type="button"
        disabled={!request}
        data-testid="export-png"
        onClick={() => {
          if (!request) return;
          const { option, title } = request.png();
          const png = renderPng(option, title);
          saveUrl(png.url, `${request.name}.png`);
          const t = (png.option as { title?: { text?: string; subtext?: string } }).title;
          onExported?.({ title: t?.text ?? '', range: t?.subtext ?? '' });
        }}
      >
        PNG
      </button>
    </div>
  );
}
