// The benchmark page (bench.html): how fast the model would run on this GPU, measured before a 13.8 GB download.
// The run happens in a worker with synthetic weights; cancelling terminates it.
import { useEffect, useRef, useState } from 'react';
import { startBenchmark, type BenchRun } from '../../backends/local-webgpu/bench-client';
import type { BenchMessage, BenchProgress, BenchShape, DeviceBenchResult } from '../../backends/local-webgpu/bench-protocol';
import { ErrorPanel } from '../ui/ErrorPanel';
import { BenchResults } from './BenchResults';
import { checkForm, initialForm, SHAPE_LABELS, type BenchForm } from './bench-form';

type RunState =
  | { state: 'idle' }
  | { state: 'running'; progress: BenchProgress | null; rounds: number[] }
  | { state: 'done'; result: DeviceBenchResult }
  | { state: 'error'; name: string; message: string };

const PHASES: Array<[BenchProgress['phase'], string]> = [
  ['weights', 'Generating synthetic weights and compiling kernels'],
  ['bandwidth', 'Measuring read bandwidth'],
  ['prefill', 'Prefill'],
  ['decode', 'Decode'],
  ['verdict', 'One verdict, policy cached'],
];

export function BenchPage() {
  const [form, setForm] = useState<BenchForm>(initialForm);
  const [problems, setProblems] = useState<string[]>([]);
  const [run, setRun] = useState<RunState>({ state: 'idle' });
  const [adapter, setAdapter] = useState<{ name: string; software: boolean } | null>(null);
  const active = useRef<BenchRun | null>(null);
  useEffect(() => () => active.current?.cancel(), []);

  const start = () => {
    const checked = checkForm(form);
    if ('problems' in checked) return setProblems(checked.problems);
    setProblems([]);
    setRun({ state: 'running', progress: null, rounds: [] });
    active.current = startBenchmark(checked.request, (m: BenchMessage) => {
      if (m.kind === 'adapter') setAdapter({ name: [m.adapter.vendor, m.adapter.architecture, m.adapter.description].filter(Boolean).join(' · ') || 'unnamed adapter', software: m.adapter.isFallbackAdapter });
      else if (m.kind === 'progress') {
        setRun((r) => (r.state !== 'running' ? r : { ...r, progress: m.progress, rounds: r.rounds.includes(m.progress.layers) ? r.rounds : [...r.rounds, m.progress.layers] }));
      } else if (m.kind === 'result') setRun({ state: 'done', result: m.result });
      else setRun({ state: 'error', ...m.error });
    });
  };
  const cancel = () => {
    active.current?.cancel();
    active.current = null;
    setRun({ state: 'idle' });
  };
  const set = (key: keyof BenchForm) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const running = run.state === 'running';

  return (
    <main className="app">
      <header>
        <h1>Safeguard · GPU benchmark</h1>
        <p className="tagline">
          How fast gpt-oss-safeguard would classify on this GPU, measured with synthetic weights in the model’s exact layout: nothing is downloaded
          and nothing leaves this machine. <a href="./index.html">Back to the classifier</a>
        </p>
      </header>
      <section aria-label="Benchmark settings">
        <h2>Settings</h2>
        <div className="fields">
          <label className="field">
            Model
            <select value={form.shape} onChange={set('shape')} disabled={running} data-testid="bench-shape">
              {(Object.keys(SHAPE_LABELS) as BenchShape[]).map((s) => <option key={s} value={s}>{SHAPE_LABELS[s]}</option>)}
            </select>
          </label>
          <NumberField label="Prompt tokens" value={form.prompt} onChange={set('prompt')} disabled={running} testId="bench-prompt" />
          <NumberField label="Decode tokens" value={form.decode} onChange={set('decode')} disabled={running} testId="bench-decode-tokens" />
          <NumberField label="GPU memory limit (GB, empty: all)" value={form.budgetGb} onChange={set('budgetGb')} disabled={running} testId="bench-budget" />
        </div>
        <fieldset className="fields" disabled={running}>
          <legend>One verdict</legend>
          <NumberField label="Policy tokens (cached)" value={form.policy} onChange={set('policy')} testId="bench-policy" />
          <NumberField label="Content tokens" value={form.content} onChange={set('content')} testId="bench-content" />
          <NumberField label="Reasoning + answer tokens" value={form.generated} onChange={set('generated')} testId="bench-generated" />
        </fieldset>
        {problems.map((p) => <p key={p} className="problem-inline" role="alert">{p}</p>)}
        <div className="row">
          {running ? <button onClick={cancel} data-testid="bench-cancel">Cancel</button> : <button onClick={start} data-testid="bench-run">Run benchmark</button>}
          {form.shape === 'gpt-oss-20b' && !running && <span className="detail">Takes about a minute on a large GPU; a smaller one measures fewer layers and extrapolates.</span>}
        </div>
        {adapter && (
          <p data-testid="bench-adapter">
            Adapter: {adapter.name}
            {adapter.software && <strong className="bad"> (a software renderer: far slower than any GPU, these figures say nothing of one)</strong>}
          </p>
        )}
      </section>
      {run.state === 'running' && <Progress progress={run.progress} rounds={run.rounds} />}
      {run.state === 'done' && <BenchResults result={run.result} adapter={adapter?.name ?? 'this GPU'} />}
      {run.state === 'error' && <ErrorPanel name={run.name} message={run.message} testId="bench-error" />}
    </main>
  );
}

function NumberField({ label, value, onChange, disabled, testId }: { label: string; value: string; onChange: (e: { target: { value: string } }) => void; disabled?: boolean; testId: string }) {
  return (
    <label className="field">
      {label}
      <input type="text" inputMode="decimal" size={8} value={value} onChange={onChange} disabled={disabled} data-testid={testId} />
    </label>
  );
}

function Progress({ progress, rounds }: { progress: BenchProgress | null; rounds: number[] }) {
  const at = progress ? PHASES.findIndex(([p]) => p === progress.phase) : -1;
  return (
    <section aria-label="Benchmark progress" data-testid="bench-progress" aria-live="polite">
      <h2>Running{progress ? ` with ${progress.layers} layer${progress.layers === 1 ? '' : 's'}` : ': starting the GPU'}{rounds.length > 1 ? ' (second depth, for the extrapolation)' : ''}</h2>
      <progress max={PHASES.length} value={at + 1} />
      <ol className="bench-phases">
        {PHASES.map(([phase, text], i) => (
          <li key={phase} className={i < at ? 'ok' : i === at ? 'current' : 'detail'}>{i < at ? '✓ ' : ''}{text}</li>
        ))}
      </ol>
    </section>
  );
}
