// The column mapping of a CSV upload, from the query string: `columns` (comma-separated field
// names in column order), `separator` (one character, `,` by default) and `header` (true,
// false, or auto: a first row that names the fields and holds no number). Without `columns`
// the header row names the columns, so it cannot be switched off. Checked before the body is
// read, so a typo costs the client nothing but the request line.
import { csvColumnProblem, type CsvOptions } from '../../engine/ingest/decode-csv';
import { refusal } from './ingest-errors';

export const CSV_QUERY = ['columns', 'separator', 'header'] as const;

/** More columns than any telemetry row needs; bounds the work a query string can ask for. */
const MAX_COLUMNS = 64;

function single(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  if (values.length > 1) {
    throw refusal('INVALID_REQUEST', `"${name}" is given ${values.length} times`, { parameter: name });
  }
  return values[0];
}

export function csvMappingFrom(query: URLSearchParams): CsvOptions {
  const separator = single(query, 'separator') ?? ',';
  if ([...separator].length !== 1 || /["\r\n]/.test(separator)) {
    throw refusal('INVALID_REQUEST', '"separator" must be one character other than a quote or a line break', {
      parameter: 'separator',
    });
  }

  const headerText = single(query, 'header') ?? 'auto';
  if (headerText !== 'true' && headerText !== 'false' && headerText !== 'auto') {
    throw refusal('INVALID_REQUEST', '"header" must be true, false or auto', { parameter: 'header' });
  }
  const header = headerText === 'auto' ? 'auto' : headerText === 'true';

  const columnsText = single(query, 'columns');
  if (columnsText === undefined) {
    if (header === false) {
      throw refusal('INVALID_REQUEST', 'without a header row, "columns" must name the field of each column', {
        parameter: 'columns',
      });
    }
    return { separator, header: true };
  }
  // Names the decoder does not know (e.g. an empty one) mark columns to skip.
  const columns = columnsText.split(',').map((c) => c.trim());
  if (columns.length > MAX_COLUMNS) {
    throw refusal('INVALID_REQUEST', `"columns" names ${columns.length} columns, more than ${MAX_COLUMNS}`, {
      parameter: 'columns',
    });
  }
  const problem = csvColumnProblem(columns);
  if (problem) throw refusal('INVALID_REQUEST', `"columns": ${problem}`, { parameter: 'columns' });
  return { separator, columns, header };
}
