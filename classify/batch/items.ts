// The rows of a table as items to classify: which column holds the text, the id and the expected label. A row
// that cannot be classified (empty text, not text, an unreadable label) keeps its place with the reason; it is
// reported, never dropped, and never stops the batch.
import type { OutputFormat } from '../formats/output-format';
import { readExpectedLabel } from './labels';
import type { DataTable } from './table';

export interface ColumnMapping {
  text: string;
  id: string | null;
  label: string | null;
}

export interface BatchItem {
  row: number;
  /** From the id column, else the row number. */
  id: string;
  text: string;
  /** On the format's label scale (labels.ts); null when no label column or an empty cell. */
  expected: string | null;
  /** Why this row is not classified; null for a good row. */
  problem: string | null;
}

const TEXT_NAMES = ['text', 'content', 'message', 'body', 'comment', 'post'];
const ID_NAMES = ['id', 'item_id', 'uuid', 'key'];
const LABEL_NAMES = ['label', 'expected', 'expected_label', 'gold', 'violation', 'y'];

/** A first guess at the mapping from the column names (the user can change it). */
export function guessMapping(columns: string[]): ColumnMapping {
  const find = (names: string[]) => columns.find((c) => names.includes(c.trim().toLowerCase())) ?? null;
  return { text: find(TEXT_NAMES) ?? columns[0], id: find(ID_NAMES), label: find(LABEL_NAMES) };
}

export class ColumnError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ColumnError';
  }
}

export function toBatchItems(table: DataTable, mapping: ColumnMapping, format: OutputFormat): BatchItem[] {
  for (const [role, column] of [['text', mapping.text], ['id', mapping.id], ['label', mapping.label]] as const) {
    if (column !== null && !table.columns.includes(column)) {
      throw new ColumnError(`The ${role} column "${column}" is not in the file; its columns are: ${table.columns.join(', ')}.`);
    }
  }
  return table.rows.map(({ row, values, problem }): BatchItem => {
    const item: BatchItem = { row, id: String(row), text: '', expected: null, problem };
    if (!values) return item;
    const id = mapping.id ? values[mapping.id] : undefined;
    if (typeof id === 'string' ? id.trim() !== '' : typeof id === 'number') item.id = String(id).trim();
    const text = values[mapping.text];
    if (typeof text === 'string') item.text = text;
    if (item.problem) return item;
    if (text !== undefined && text !== null && typeof text !== 'string') item.problem = `the text is ${Array.isArray(text) ? 'a list' : typeof text}, not text`;
    else if (item.text.trim() === '') item.problem = 'the text is empty';
    if (mapping.label) {
      const expected = readExpectedLabel(values[mapping.label], format);
      if (expected instanceof Error) item.problem ??= expected.message;
      else item.expected = expected;
    }
    return item;
  });
}
