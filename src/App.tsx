import * as Comlink from 'comlink';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ClassifyEvent, ClassifyResult } from '../workers/engine/runtime/classifier';
import { ClassifyPanel, type ClassifyInput } from './components/ClassifyPanel';
import { DeviceReportPanel } from './components/DeviceReportPanel';
import { ErrorPanel } from './components/ErrorPanel';
import { ModelPanel } from './components/ModelPanel';
import { ResultCard } from './components/ResultCard';
import { startEngineWorker } from './engine-client';
import { describeError } from './lib/format';
import type { LabelledExample } from './lib/policies';
import { registerOfflineShell, type OfflineState } from './lib/offline';
import { loadSettings, saveSettings, type Settings } from './lib/settings';
import { useModel } from './useModel';

const api = startEngineWorker();

export function App() {
  const [settings, setSettingsState] = useState<Settings>(() => loadSettings());
  const setSettings = useCallback((s: Settings) => {
    saveSettings(s);
    setSettingsState(s);
  }, []);
  const model = useModel(api, settings);
  const [offline, setOffline] = useState<{ state: OfflineState; detail?: string }>({ state: 'installing' });
  useEffect(() => void registerOfflineShell().then(setOffline), []);
  const { state } = model;

  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<ClassifyResult | null>(null);
  const [reasoning, setReasoning] = useState('');
  const [answer, setAnswer] = useState('');
  const [runError, setRunError] = useState<{ name: string; message: string } | null>(null);
  const [expected, setExpected] = useState<LabelledExample | null>(null);

  const run = useCallback(
    async ({ expected: expectedLabel, ...request }: ClassifyInput) => {
      setRunning(true);
      setExpected(expectedLabel);
      setResult(null);
      setReasoning('');
      setAnswer('');
      setRunError(null);
      const onEvent = (e: ClassifyEvent) => {
        if (e.type === 'reasoning') setReasoning((r) => r + e.text);
        if (e.type === 'answer') setAnswer((a) => a + e.text);
      };
      try {
        setResult(await api.engine.classify({ ...request, maxTokens: 2048 }, Comlink.proxy(onEvent)));
      } catch (error) {
        const e = describeError(error);
        setRunError(e);
        if (e.name === 'DeviceLostError') await model.recover();
      } finally {
        setRunning(false);
      }
    },
    [model],
  );
  const countTokens = useMemo(() => (text: string) => api.engine.countTokens(text), []);

  return (
    <main className="app">
      <header>
        <h1>Safeguard</h1>
        <p className="tagline">Policy-based content classification with gpt-oss-safeguard, running entirely on your GPU. Nothing you type leaves this machine.</p>
        <OfflineStatus {...offline} />
      </header>
      {state.phase === 'probing' && <p role="status">Checking your GPU…</p>}
      {state.gpuError && <ErrorPanel name={state.gpuError.name} message={state.gpuError.message} />}
      {state.notice && <p className="notice" role="status" data-testid="notice">{state.notice}</p>}
      {state.error && <ErrorPanel name={state.error.name} message={state.error.message} testId="model-error" />}
      {state.phase !== 'no-gpu' && state.phase !== 'probing' && (
        <>
          <ModelPanel
            state={state}
            settings={settings}
            onSettings={setSettings}
            onDownload={model.prepare}
            onPause={model.pause}
            onCancel={model.cancelDownload}
            onDelete={model.remove}
            onImport={model.importFolder}
          />
          <ClassifyPanel ready={state.phase === 'ready'} running={running} countTokens={countTokens} onRun={run} onCancel={() => api.engine.cancel()} />
          {runError?.name === 'AbortedError' && <p className="notice" role="status" data-testid="run-error" data-error-name="AbortedError">Cancelled.</p>}
          {runError && runError.name !== 'AbortedError' && <ErrorPanel name={runError.name} message={runError.message} testId="run-error" />}
          <ResultCard result={result} reasoning={reasoning} answer={answer} running={running} expected={expected} />
        </>
      )}
      {state.probe && (
        <details className="device">
          <summary>GPU device</summary>
          <DeviceReportPanel probe={state.probe} />
          <button type="button" onClick={() => api.engine.simulateDeviceLoss()}>Simulate GPU device loss</button>
        </details>
      )}
    </main>
  );
}

const OFFLINE_TEXT: Record<OfflineState, string> = {
  dev: '',
  installing: 'Caching the app for offline use…',
  ready: 'Works offline: the app is cached in this browser, and a downloaded model loads from its own cache.',
  unsupported: 'This browser cannot keep the app for offline use (no service workers; private windows often turn them off). Downloaded models still load from the cache.',
  failed: 'Could not cache the app for offline use',
};

function OfflineStatus({ state, detail }: { state: OfflineState; detail?: string }) {
  if (state === 'dev') return null;
  return (
    <p className="detail" data-testid="offline-status" data-state={state}>
      {OFFLINE_TEXT[state]}{detail ? `: ${detail}` : ''}
    </p>
  );
}
