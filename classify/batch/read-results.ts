// Results read back from an export (JSONL), so an interrupted command-line batch can resume where its output
// file ends. Only what the summary and metrics need is restored; the reasoning stays in the file.
import type { ItemResult } from './batch-job';
import type { ExportRecord } from './export';

export function resultFromRecord(r: ExportRecord): ItemResult {
  const failed = r.error !== null && r.verdict === 'error';
  return {
    row: r.row, status: failed ? 'error' : 'done', probability: r.probability, reasoning: r.reasoning ?? '', error: r.error,
    verdict: failed ? null : {
      label: r.verdict, violation: r.violation, category: null, ruleIds: r.rule_ids, confidence: null, rationale: r.rationale, problems: [], answer: null, valueSpan: null,
    },
    generatedTokens: 0, totalMs: 0, finishedAt: 0, override: r.override, note: r.note,
  };
}

/** The complete JSON lines of a results file; a last line cut off by a crash is left out (and reported by its length). */
export function completeLines(text: string): { records: ExportRecord[]; keepBytes: number } {
  const end = text.lastIndexOf('\n') + 1;
  const records = text.slice(0, end).split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as ExportRecord);
  return { records, keepBytes: new TextEncoder().encode(text.slice(0, end)).length };
}
