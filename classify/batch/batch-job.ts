// A batch: the items and the settings every item is classified with (one policy, effort, format, output limit,
// date and model), and what each item came to. Plain data, so it can be saved as it is (IndexedDB, a file).
import type { ReasoningEffort } from '../../harmony/render';
import type { OutputFormat } from '../formats/output-format';
import type { Verdict } from '../verdict';
import type { BatchItem } from './items';

export interface BatchSettings {
  policy: { name: string; text: string; hash: string };
  effort: ReasoningEffort;
  format: OutputFormat;
  maxTokens: number;
  /** The date every item's prompt is rendered with (pinned when the batch is made). */
  date: string;
  model: { id: string; revision: string | null };
}

export interface ItemResult {
  row: number;
  /** 'error': the item was not classified (see `error`); the batch went on. */
  status: 'done' | 'error';
  verdict: Verdict | null;
  probability: number | null;
  reasoning: string;
  error: string | null;
  generatedTokens: number;
  totalMs: number;
  finishedAt: number;
  /** A reviewer's label on the format's scale (labels.ts), or null. */
  override: string | null;
  note: string | null;
}

export type BatchState = 'ready' | 'running' | 'paused' | 'cancelled' | 'finished';

export interface BatchRun {
  id: string;
  /** Shown in the run list: the file name and the policy. */
  title: string;
  source: { fileName: string; columns: { text: string; id: string | null; label: string | null } };
  createdAt: number;
  settings: BatchSettings;
  items: BatchItem[];
  state: BatchState;
  /** Why the batch stopped, when it was not the user (e.g. the GPU was lost). */
  stoppedBy: string | null;
  /** Set on the two runs of an A/B comparison (same items, two policies); B starts when A finishes. */
  pair?: { id: string; role: 'A' | 'B' };
}

/** sha256 of the policy text, hex: names the exact policy a result was produced with. */
export async function policyHash(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
