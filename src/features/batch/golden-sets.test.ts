import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toBatchItems } from '../../../classify/batch/items';
import { readTable } from '../../../classify/batch/table';

const sets = readdirSync('policies').filter((f) => f.endsWith('.golden.csv'));

describe('shipped golden sets', () => {
  it('there are at least two, each for a shipped policy', () => {
    expect(sets.length).toBeGreaterThanOrEqual(2);
    for (const s of sets) expect(readdirSync('policies')).toContain(s.replace('.golden.csv', '.md'));
  });

  it.each(sets)('%s: ≥40 readable items, both labels, unique ids, borderline cases, rule ids from its policy', (file) => {
    const table = readTable(readFileSync(`policies/${file}`, 'utf8'), 'csv');
    const items = toBatchItems(table, { text: 'text', id: 'id', label: 'label' }, { kind: 'binary' });
    expect(items.length).toBeGreaterThanOrEqual(40);
    expect(items.filter((i) => i.problem)).toEqual([]);
    const ones = items.filter((i) => i.expected === '1').length;
    expect(ones).toBeGreaterThanOrEqual(15);
    expect(items.length - ones).toBeGreaterThanOrEqual(15);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(table.rows.filter((r) => String(r.values!.note).startsWith('borderline')).length).toBeGreaterThanOrEqual(4);
    const policy = readFileSync(`policies/${file.replace('.golden.csv', '.md')}`, 'utf8');
    for (const r of table.rows) {
      const rules = String(r.values!.rules).split(' ').filter(Boolean);
      expect(rules.length > 0).toBe(r.values!.label === '1');
      for (const rule of rules) expect(policy).toContain(`- ${rule} `);
    }
  });
});
