import { describe, expect, it } from 'vitest';
import { detectFormat, readTable, TableReadError } from './table';

describe('readTable: CSV', () => {
  it('reads quoted fields with commas, quotes and newlines, a BOM and CRLF line ends', () => {
    const csv = '\uFEFFid,text,label\r\n1,"Hello, world",0\r\n2,"She said ""hi""\r\nthen left",1\r\n3,plain,0\r\n';
    const t = readTable(csv, 'csv');
    expect(t.columns).toEqual(['id', 'text', 'label']);
    expect(t.rows.map((r) => r.values!.text)).toEqual(['Hello, world', 'She said "hi"\r\nthen left', 'plain']);
    expect(t.rows.map((r) => r.row)).toEqual([1, 2, 3]);
  });

  it('detects the delimiter (semicolon, tab)', () => {
    expect(readTable('text;label\n"a; b";1\nc;0\n', 'csv').rows.map((r) => r.values)).toEqual([{ text: 'a; b', label: '1' }, { text: 'c', label: '0' }]);
    expect(readTable('text\tlabel\na, b\t1\n', 'csv').rows[0].values).toEqual({ text: 'a, b', label: '1' });
  });

  it('keeps an empty row in its place and drops only the final newline', () => {
    const t = readTable('text,label\na,1\n\nb,0\n', 'csv');
    expect(t.rows.map((r) => [r.row, r.values!.text])).toEqual([[1, 'a'], [2, ''], [3, 'b']]);
  });

  it('names empty and repeated headers so each column can be picked', () => {
    expect(readTable('text,,text\na,b,c\n', 'csv').columns).toEqual(['text', 'column 2', 'text (2)']);
  });

  it('fills missing fields with empty text and flags a row with extra fields', () => {
    const t = readTable('id,text\n1\n2,a,b\n', 'csv');
    expect(t.rows[0]).toMatchObject({ values: { id: '1', text: '' }, problem: null });
    expect(t.rows[1].problem).toBe('has 3 fields but the header names 2');
  });

  it('refuses an empty file with what was expected', () => {
    expect(() => readTable('\uFEFF\n\n', 'csv')).toThrow(TableReadError);
    expect(() => readTable('', 'csv')).toThrow(/header line/);
  });
});

describe('readTable: JSONL', () => {
  it('collects the columns of every object in order of first appearance', () => {
    const t = readTable('{"text":"a","label":1}\r\n{"id":"x","text":"b"}\n', 'jsonl');
    expect(t.columns).toEqual(['text', 'label', 'id']);
    expect(t.rows.map((r) => r.values)).toEqual([{ text: 'a', label: 1 }, { id: 'x', text: 'b' }]);
  });

  it('reports a line that is not JSON or not an object on its row, and keeps going', () => {
    const t = readTable('{"text":"a"}\nnot json\n[1,2]\n{"text":"d"}\n', 'jsonl');
    expect(t.rows.map((r) => [r.row, r.problem])).toEqual([[1, null], [2, 'is not valid JSON'], [3, 'is not a JSON object'], [4, null]]);
  });

  it('refuses a file with no object at all', () => {
    expect(() => readTable('1\n2\n', 'jsonl')).toThrow(/No line of the file is a JSON object/);
  });
});

describe('detectFormat', () => {
  it('goes by the file name, then by the first character', () => {
    expect(detectFormat('set.jsonl', 'a,b')).toBe('jsonl');
    expect(detectFormat('set.csv', '{"a":1}')).toBe('csv');
    expect(detectFormat('paste', '\uFEFF  {"a":1}')).toBe('jsonl');
    expect(detectFormat('paste', 'text\nhello')).toBe('csv');
  });
});
