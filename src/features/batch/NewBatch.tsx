// A new batch: a CSV or JSONL file (or a shipped golden set), which column holds the text, the id and the
// expected label, a preview of the first rows with the rows that will be reported, and the policy, effort and
// answer limit every item is classified with, and how many items run at once.
import { SendsToNotice } from '../server/SendsToNotice';
import { useMemo, useState } from 'react';
import { policyHash, type BatchRun } from '../../../classify/batch/batch-job';
import { ColumnError, guessMapping, toBatchItems, type ColumnMapping } from '../../../classify/batch/items';
import { detectFormat, readTable, type DataTable } from '../../../classify/batch/table';
import { formatName, outputFormatOf } from '../../../classify/formats/output-format';
import { DEFAULT_MAX_TOKENS, today } from '../../../classify/request';
import { REASONING_EFFORTS, type ReasoningEffort } from '../../../harmony/render';
import { GOLDEN_SETS } from './golden-sets';
import { AT_ONCE_CHOICES, readAtOnce, saveAtOnce, type AtOnce } from './at-once-setting';

export interface PolicyOption {
  key: string;
  name: string;
  text: string;
}

interface Props {
  policies: PolicyOption[];
  model: { id: string; revision: string | null } | null;
  onCreate: (run: BatchRun, partner?: BatchRun) => void;
  sendsTo?: string | null;
}

const PREVIEW_ROWS = 5;
const LIMITS = [256, 512, 1024, 2048, 4096, 8192];

export function NewBatch({ policies, model, onCreate, sendsTo = null }: Props) {
  const [file, setFile] = useState<{ name: string; table: DataTable } | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({ text: '', id: null, label: null });
  const [policyKey, setPolicyKey] = useState(policies[0]?.key ?? '');
  const [policyBKey, setPolicyBKey] = useState('');
  const [effort, setEffort] = useState<ReasoningEffort>('low');
  const [maxTokens, setMaxTokens] = useState(DEFAULT_MAX_TOKENS);
  const [atOnce, setAtOnceState] = useState<AtOnce>(readAtOnce);
  const setAtOnce = (value: AtOnce) => {
    saveAtOnce(value);
    setAtOnceState(value);
  };
  const policy = policies.find((p) => p.key === policyKey) ?? policies[0];
  const policyText = policy?.text ?? '';
  const format = useMemo(() => outputFormatOf(policyText) ?? { kind: 'binary' as const }, [policyText]);

  const open = (name: string, text: string) => {
    setReadError(null);
    try {
      const table = readTable(text, detectFormat(name, text));
      setFile({ name, table });
      setMapping(guessMapping(table.columns));
    } catch (e) {
      setFile(null);
      setReadError(`${name}: ${(e as Error).message}`);
    }
  };

  const prepared = useMemo(() => {
    if (!file || !mapping.text) return null;
    try {
      return { items: toBatchItems(file.table, mapping, format), error: null };
    } catch (e) {
      if (e instanceof ColumnError) return { items: null, error: e.message };
      throw e;
    }
  }, [file, mapping, format]);
  const problems = prepared?.items?.filter((i) => i.problem) ?? [];

  const policyB = policies.find((p) => p.key === policyBKey);
  const start = async () => {
    if (!file || !prepared?.items || !policy || !model) return;
    const pair = policyB ? crypto.randomUUID() : null;
    const date = today();
    const make = async (p: PolicyOption, role: 'A' | 'B'): Promise<BatchRun> => {
      // Each policy is read with its own output format; the rows are the same, their labels on its scale.
      const runFormat = outputFormatOf(p.text) ?? { kind: 'binary' as const };
      return {
        id: crypto.randomUUID(), title: `${file.name} · ${pair ? `${role}: ` : ''}${p.name}`, createdAt: Date.now() - (role === 'B' ? 1 : 0), state: 'ready', stoppedBy: null,
        items: toBatchItems(file.table, mapping, runFormat), source: { fileName: file.name, columns: mapping },
        settings: { policy: { name: p.name, text: p.text, hash: await policyHash(p.text) }, effort, format: runFormat, maxTokens, date, model },
        ...(pair ? { pair: { id: pair, role } } : {}),
      };
    };
    onCreate(await make(policy, 'A'), policyB ? await make(policyB, 'B') : undefined);
    setFile(null);
  };

  const column = (role: keyof ColumnMapping, optional: boolean) => (
    <label className="field">
      <span>{role === 'text' ? 'Text column' : role === 'id' ? 'Id column' : 'Expected label column'}</span>
      <select value={mapping[role] ?? ''} onChange={(e) => setMapping({ ...mapping, [role]: e.target.value || null })}>
        {optional && <option value="">{role === 'id' ? 'none (row numbers)' : 'none (no evaluation)'}</option>}
        {file!.table.columns.map((c) => <option key={c} value={c}>{c}</option>)}
      </select>
    </label>
  );

  return (
    <div className="new-batch" data-testid="new-batch">
      <h2>New batch</h2>
      <SendsToNotice host={sendsTo} />
      <p className="detail">A CSV (any delimiter) or JSONL file with one item per row. It is read in this browser; {sendsTo ? `each item's text is sent to ${sendsTo} when the batch runs.` : 'nothing is uploaded.'}</p>
      <div className="row">
        <label className="file-button">
          Choose a file…
          <input type="file" accept=".csv,.tsv,.txt,.jsonl,.ndjson,.json,text/csv" aria-label="Batch file (CSV or JSONL)"
            onChange={async (e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) open(f.name, await f.text()); }} />
        </label>
        <span className="detail">or try an evaluation:</span>
        {GOLDEN_SETS.map((g) => (
          <button key={g.id} type="button" onClick={() => { open(g.fileName, g.text); const p = policies.find((o) => o.key === `preset:${g.policyId}`); if (p) setPolicyKey(p.key); }}>
            {g.title}
          </button>
        ))}
      </div>
      {readError && <p className="problem-inline" role="alert" data-testid="batch-read-error">{readError}</p>}
      {file && (
        <>
          <p><strong>{file.name}</strong> · {file.table.rows.length} rows · {file.table.format.toUpperCase()}</p>
          <div className="fields">{column('text', false)}{column('id', true)}{column('label', true)}</div>
          {prepared?.error && <p className="problem-inline" role="alert">{prepared.error}</p>}
          <div className="table-scroll">
            <table className="preview" aria-label="First rows of the file">
              <thead><tr><th>Row</th>{file.table.columns.map((c) => <th key={c}>{c}{c === mapping.text ? ' · text' : c === mapping.id ? ' · id' : c === mapping.label ? ' · label' : ''}</th>)}</tr></thead>
              <tbody>
                {file.table.rows.slice(0, PREVIEW_ROWS).map((r) => (
                  <tr key={r.row}><td>{r.row}</td>{file.table.columns.map((c) => <td key={c}>{cellText(r.values?.[c])}</td>)}</tr>
                ))}
              </tbody>
            </table>
          </div>
          {problems.length > 0 && (
            <p className="detail" data-testid="batch-problems">
              {problems.length} {problems.length === 1 ? 'row' : 'rows'} will be reported, not classified: {problems.slice(0, 3).map((p) => `row ${p.row}: ${p.problem}`).join('; ')}{problems.length > 3 ? '; …' : ''}
            </p>
          )}
          <div className="fields">
            <label className="field">
              <span>Policy</span>
              <select value={policy?.key ?? ''} onChange={(e) => setPolicyKey(e.target.value)}>
                {policies.map((p) => <option key={p.key} value={p.key}>{p.name}</option>)}
              </select>
            </label>
            <label className="field">
              <span>Compare with (A/B)</span>
              <select value={policyBKey} onChange={(e) => setPolicyBKey(e.target.value)}>
                <option value="">no second policy</option>
                {policies.filter((p) => p.key !== policy?.key).map((p) => <option key={p.key} value={p.key}>{p.name}</option>)}
              </select>
            </label>
            <label className="field">
              <span>Reasoning effort</span>
              <select value={effort} onChange={(e) => setEffort(e.target.value as ReasoningEffort)}>
                {REASONING_EFFORTS.map((x) => <option key={x} value={x}>{x}</option>)}
              </select>
            </label>
            <label className="field">
              <span>Answer limit (tokens)</span>
              <select value={maxTokens} onChange={(e) => setMaxTokens(Number(e.target.value))}>
                {LIMITS.map((n) => <option key={n} value={n}>{n}</option>)}
              </select>
            </label>
            <label className="field" title="Items classified together. This GPU decodes them in shared passes; Auto takes as many as its memory holds (up to 8).">
              <span>Items at once</span>
              <select value={String(atOnce)} onChange={(e) => setAtOnce(e.target.value === 'auto' ? 'auto' : (Number(e.target.value) as AtOnce))}>
                {AT_ONCE_CHOICES.map((n) => <option key={n} value={String(n)}>{n === 'auto' ? (sendsTo ? 'Auto (4 requests)' : 'Auto (what the GPU holds)') : n}</option>)}
              </select>
            </label>
          </div>
          <p className="detail">Output format: <strong>{formatName(format)}</strong>{outputFormatOf(policy?.text ?? '') ? ' (from the policy)' : ' (the policy has no OUTPUT FORMAT section we recognise: answers are read as 0 or 1)'}</p>
          <div className="row">
            <button type="button" className="primary" disabled={!prepared?.items || !model} onClick={() => void start()}>
              {policyB ? `Start A/B of ${prepared?.items?.length ?? 0} items` : `Start batch of ${prepared?.items?.length ?? 0}`}
            </button>
            {!model && <span className="detail" data-testid="batch-needs-model">{sendsTo ? 'Connect to the server first (Classify, Server).' : 'Load a model first (Classify, Model).'}</span>}
          </div>
        </>
      )}
    </div>
  );
}

const cellText = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));
