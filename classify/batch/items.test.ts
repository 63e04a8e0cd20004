import { describe, expect, it } from 'vitest';
import { ColumnError, guessMapping, toBatchItems } from './items';
import { readTable } from './table';

const binary = { kind: 'binary' } as const;

describe('toBatchItems', () => {
  it('maps the text, id and label columns and reads labels written in several ways', () => {
    const t = readTable('id,body,gold\na1,first,1\na2,second,no violation\na3,third,TRUE\na4,fourth,\n', 'csv');
    const items = toBatchItems(t, { text: 'body', id: 'id', label: 'gold' }, binary);
    expect(items.map((i) => [i.row, i.id, i.text, i.expected, i.problem])).toEqual([
      [1, 'a1', 'first', '1', null], [2, 'a2', 'second', '0', null], [3, 'a3', 'third', '1', null], [4, 'a4', 'fourth', null, null],
    ]);
  });

  it('reports empty text, non-text values and unreadable labels on their rows', () => {
    const t = readTable('{"text":"ok","label":"SP1"}\n{"text":"  ","label":"SP0"}\n{"text":{"a":1}}\n{"text":42}\n{"text":"x","label":"SP9"}\nnope\n', 'jsonl');
    const items = toBatchItems(t, { text: 'text', id: null, label: 'label' }, { kind: 'labels', labels: ['SP0', 'SP1'] });
    expect(items.map((i) => [i.row, i.id, i.problem])).toEqual([
      [1, '1', null], [2, '2', 'the text is empty'], [3, '3', 'the text is object, not text'], [4, '4', 'the text is number, not text'],
      [5, '5', 'the expected label "SP9" is not one of SP0, SP1'], [6, '6', 'is not valid JSON'],
    ]);
    expect(items[0].expected).toBe('SP1');
  });

  it('matches labels of a label format case-insensitively to the policy spelling', () => {
    const t = readTable('text,label\na,sp1\n', 'csv');
    expect(toBatchItems(t, { text: 'text', id: null, label: 'label' }, { kind: 'labels', labels: ['SP0', 'SP1'] })[0].expected).toBe('SP1');
  });

  it('names the missing column and the ones that exist', () => {
    const t = readTable('body\nx\n', 'csv');
    expect(() => toBatchItems(t, { text: 'text', id: null, label: null }, binary)).toThrow(ColumnError);
    expect(() => toBatchItems(t, { text: 'body', id: null, label: 'label' }, binary)).toThrow('The label column "label" is not in the file; its columns are: body.');
  });

  it('guesses the usual column names', () => {
    expect(guessMapping(['ID', 'Content', 'Label'])).toEqual({ text: 'Content', id: 'ID', label: 'Label' });
    expect(guessMapping(['foo', 'bar'])).toEqual({ text: 'foo', id: null, label: null });
  });
});
