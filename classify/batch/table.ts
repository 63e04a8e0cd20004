// A file of items to classify, read as a table: CSV (any delimiter, quoted fields with commas and newlines, a
// byte-order mark, CRLF) through papaparse, which handles those cases better than anything we would write, or
// JSONL (one JSON object per line). Every data row keeps its 1-based number so a problem can be reported on it.
import Papa from 'papaparse';

export type TableFormat = 'csv' | 'jsonl';

export interface TableRow {
  /** 1-based number of the data row (the header of a CSV file is not counted). */
  row: number;
  /** Column → value; null when the row could not be read at all (see `problem`). */
  values: Record<string, unknown> | null;
  /** Why the row could not be read as a whole (a JSONL line that is not an object). */
  problem: string | null;
}

export interface DataTable {
  format: TableFormat;
  columns: string[];
  rows: TableRow[];
}

export class TableReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TableReadError';
  }
}

/** CSV or JSONL by the file name, else by the first character that is not white space. */
export function detectFormat(fileName: string, text: string): TableFormat {
  if (/\.jsonl?$/i.test(fileName) || /\.ndjson$/i.test(fileName)) return 'jsonl';
  if (/\.(csv|tsv|txt)$/i.test(fileName)) return 'csv';
  return text.replace(/^\uFEFF/, '').trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

export function readTable(text: string, format: TableFormat): DataTable {
  const body = text.replace(/^\uFEFF/, '');
  return format === 'csv' ? readCsv(body) : readJsonl(body);
}

function readCsv(text: string): DataTable {
  // Rows stay as arrays (no `header` mode) so empty rows keep their place and duplicate headers can be named.
  // The delimiter is guessed on the non-empty lines (papaparse's guess fails when empty lines are counted).
  const delimiter = Papa.parse<string[]>(text, { delimiter: '', skipEmptyLines: 'greedy', preview: 100 }).meta.delimiter;
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  const records = parsed.data;
  // A final newline leaves one empty record behind: it is not a row.
  while (records.length > 0 && isBlank(records[records.length - 1])) records.pop();
  if (records.length === 0) throw new TableReadError('The file is empty: expected a header line with column names, then one row per item.');
  const columns = uniqueColumns(records[0]);
  const rows = records.slice(1).map((fields, i): TableRow => ({
    row: i + 1,
    values: Object.fromEntries(columns.map((c, j) => [c, fields[j] ?? ''])),
    problem: fields.length > columns.length && !isBlank(fields) ? `has ${fields.length} fields but the header names ${columns.length}` : null,
  }));
  return { format: 'csv', columns, rows };
}

function readJsonl(text: string): DataTable {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw new TableReadError('The file is empty: expected one JSON object per line.');
  const columns: string[] = [];
  const rows = lines.map((line, i): TableRow => {
    const row = i + 1;
    if (line.trim() === '') return { row, values: {}, problem: null };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return { row, values: null, problem: 'is not valid JSON' };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { row, values: null, problem: 'is not a JSON object' };
    for (const key of Object.keys(value)) if (!columns.includes(key)) columns.push(key);
    return { row, values: value as Record<string, unknown>, problem: null };
  });
  if (columns.length === 0) throw new TableReadError('No line of the file is a JSON object with fields: expected one object per line, e.g. {"text": "…"}.');
  return { format: 'jsonl', columns, rows };
}

const isBlank = (fields: string[]) => fields.every((f) => f.trim() === '');

/** Header names made unique and non-empty ("column 3", "text (2)"), so every column can be picked. */
function uniqueColumns(header: string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((raw, i) => {
    const name = raw.trim() || `column ${i + 1}`;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}
