// The labelled golden sets shipped with the app (policies/<policy id>.golden.csv), offered as "Try an
// evaluation": each goes with its preset policy and has both labels and hard borderline cases.
const files = import.meta.glob('../../../policies/*.golden.csv', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface GoldenSet {
  id: string;
  policyId: string;
  fileName: string;
  title: string;
  text: string;
}

export const GOLDEN_SETS: GoldenSet[] = Object.entries(files)
  .map(([path, text]) => {
    const fileName = path.split('/').pop()!;
    const policyId = fileName.replace(/\.golden\.csv$/, '');
    const rows = text.trim().split('\n').length - 1; // one item per line in these files (no quoted line breaks)
    return { id: policyId, policyId, fileName, text, title: `${policyId[0].toUpperCase()}${policyId.slice(1)} golden set (${rows})` };
  })
  .sort((a, b) => a.id.localeCompare(b.id));
