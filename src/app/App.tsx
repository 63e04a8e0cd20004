// The page: the header, where the model runs, then the sections (Classify, Batch & evaluate, Review, Policies,
// Model). The backend (this browser's GPU or a server) comes from BackendProvider; each feature folder owns its
// panel and state.
import * as Tabs from '@radix-ui/react-tabs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { BatchSection } from '../features/batch/BatchSection';
import { useBatch } from '../features/batch/useBatch';
import type { PolicyOption } from '../features/batch/NewBatch';
import { PRESET_POLICIES } from '../features/policies/policies';
import { ClassifyPanel } from '../features/classify/ClassifyPanel';
import { ResultCard } from '../features/classify/ResultCard';
import { useClassifyRun } from '../features/classify/useClassifyRun';
import { DeviceReportPanel } from '../features/model/DeviceReportPanel';
import { ModelPanel } from '../features/model/ModelPanel';
import { ModelBar } from '../features/model/ModelBar';
import { downloadButtonLabel } from '../features/model/model-actions';
import { PoliciesSection } from '../features/policies/PoliciesSection';
import { ReviewSection } from '../features/batch/ReviewSection';
import { ServerBar } from '../features/server/ServerBar';
import { findModel } from '../../delivery/registry';
import { usePolicyEditor } from '../features/policies/usePolicyEditor';
import { ErrorPanel } from '../ui/ErrorPanel';
import { BackendProvider, useBackend, useBackendStatus, useLocalBackend } from './backend-context';
import type { LocalStatus } from '../../backends/local-webgpu/local-backend';
import type { RemoteStatus } from '../../backends/remote-openai/remote-backend';
import { RunnerChoice } from '../features/server/RunnerChoice';
import { SendsToNotice } from '../features/server/SendsToNotice';
import { ServerPanel } from '../features/server/ServerPanel';
import { registerOfflineShell, type OfflineState } from './offline';
import { PrivacyStatus } from './PrivacyStatus';
import { ThemeSelect } from './ThemeSelect';
import { ShortcutsHelp } from '../ui/ShortcutsHelp';
import { loadSettings, saveSettings, type Settings } from './settings';
import { persistWorkspace } from './workspace-storage';

export function App() {
  const [settings, setSettingsState] = useState<Settings>(() => loadSettings());
  const setSettings = useCallback((s: Settings) => {
    saveSettings(s);
    setSettingsState(s);
  }, []);
  const [offline, setOffline] = useState<{ state: OfflineState; detail?: string }>({ state: 'installing' });
  useEffect(() => void registerOfflineShell().then(setOffline), []);

  return (
    <main className="app">
      <header>
        <h1>Safeguard</h1>
        <p className="tagline" data-testid="tagline">
          {settings.runner === 'server'
            ? 'Policy-based content classification with gpt-oss-safeguard, on the server you chose: content is sent to it.'
            : 'Policy-based content classification with gpt-oss-safeguard, running entirely on your GPU. Nothing you type leaves this machine.'}
        </p>
        <OfflineStatus {...offline} />
        <PrivacyStatus serviceWorker={offline.state === 'ready'} />
        <div className="header-tools"><a href="./bench.html" data-testid="bench-link">GPU benchmark</a><ShortcutsHelp /><ThemeSelect /></div>
      </header>
      <BackendProvider settings={settings}>
        <Workspace settings={settings} onSettings={setSettings} />
      </BackendProvider>
    </main>
  );
}

function Workspace({ settings, onSettings }: { settings: Settings; onSettings: (s: Settings) => void }) {
  const backend = useBackend();
  const local = useLocalBackend();
  const status = useBackendStatus();
  const editor = usePolicyEditor();
  const run = useClassifyRun();
  // Ready means the model chosen in the settings is the one on the GPU (or the server answered for its model).
  const ready = status.phase === 'ready' && (!local || status.model?.id === settings.modelId);
  const downloadLabel = downloadButtonLabel(status.cached?.find((c) => c.modelId === settings.modelId)?.state);
  const [section, setSection] = useSection();
  const sendsTo = status.server?.host ?? null;
  const batchModel = useMemo(
    () => (!ready ? null : sendsTo ? { id: `${settings.server.model} at ${sendsTo}`, revision: null } : { id: settings.modelId, revision: findModel(settings.modelId).revision }),
    [ready, sendsTo, settings.modelId, settings.server.model],
  );
  const batchPolicies = usePolicyOptions(editor);
  const usable = !local || (status.phase !== 'unavailable' && status.phase !== 'starting');
  const batch = useBatch();
  const countTokens = useCallback((text: string) => backend.countTokens(text), [backend]);
  const modelTitle = local ? findModel(settings.modelId).title : (status.model?.name ?? settings.server.model);

  return (
    <Tabs.Root value={section} onValueChange={setSection} className="workspace">
      {/* Model and GPU state concern every section, so it is shown above them. */}
      <RunnerChoice settings={settings} onSettings={(next) => { if (next.runner === 'server' && settings.runner !== 'server') setSection('model'); onSettings(next); }} disabled={run.running || batch.view.activeRunId !== null} />
      <SendsToNotice host={sendsTo} />
      {local && status.phase === 'starting' && <p role="status">Checking your GPU…</p>}
      {status.gpuError && <ErrorPanel name={status.gpuError.name} message={status.gpuError.message} />}
      {status.notice && <p className="notice" role="status" data-testid="notice" data-phase={status.phase}>{status.notice}</p>}
      {local && status.error && <ErrorPanel name={status.error.name} message={status.error.message} testId="model-error" downloadLabel={downloadLabel} />}
      <Tabs.List className="tabs sections" aria-label="Sections">
        <Tabs.Trigger value="classify" className="tab">Classify</Tabs.Trigger>
        <Tabs.Trigger value="batch" className="tab">Batch &amp; evaluate</Tabs.Trigger>
        <Tabs.Trigger value="review" className="tab">Review</Tabs.Trigger>
        <Tabs.Trigger value="policies" className="tab">Policies</Tabs.Trigger>
        <Tabs.Trigger value="model" className="tab">{local ? 'Model' : 'Server'}</Tabs.Trigger>
      </Tabs.List>
      {/* Sections stay mounted (a batch keeps running while someone classifies a single item, a download keeps
          its progress while someone edits a policy), except Review, which reads every batch's results only
          while it is open. */}
      <Tabs.Content value="classify" className="tab-panel" forceMount hidden={section !== 'classify'}>
        {!local && status.server && <ServerBar status={status as RemoteStatus} settings={settings} onOpenModel={() => setSection('model')} />}
        {usable && (
          <>
            {local && <ModelBar status={status as LocalStatus} settings={settings} onDownload={() => local.prepare()} onPause={() => local.pause()} onOpenModel={() => setSection('model')} />}
            <ClassifyPanel editor={editor} ready={ready} running={run.running} countTokens={countTokens} measurePrompt={(input) => backend.measurePrompt(input)} onRun={(input) => run.run(input, { model: modelTitle, policy: editor.currentName, policyEdited: editor.status === 'preset-edited' })} onCancel={run.cancel} batchRunning={batch.view.activeRunId !== null} sendsTo={sendsTo} onManagePolicies={() => setSection('policies')}>
              {run.error?.name === 'AbortedError' && <p className="notice" role="status" data-testid="run-error" data-error-name="AbortedError">Cancelled.</p>}
              {run.error && run.error.name !== 'AbortedError' && <ErrorPanel name={run.error.name} message={run.error.message} testId="run-error" />}
              <ResultCard result={run.result} reasoning={run.reasoning} answer={run.answer} running={run.running} expected={run.expected} meta={run.meta} />
            </ClassifyPanel>
          </>
        )}
      </Tabs.Content>
      <Tabs.Content value="batch" className="tab-panel" forceMount hidden={section !== 'batch'}>
        {usable && <BatchSection controller={batch.controller} view={batch.view} policies={batchPolicies} model={batchModel} sendsTo={sendsTo} />}
      </Tabs.Content>
      <Tabs.Content value="review" className="tab-panel" forceMount hidden={section !== 'review'}>
        {section === 'review' && <ReviewSection controller={batch.controller} view={batch.view} />}
      </Tabs.Content>
      <Tabs.Content value="policies" className="tab-panel" forceMount hidden={section !== 'policies'}>
        <PoliciesSection editor={editor} ready={ready} countTokens={countTokens} onUse={() => setSection('classify')} />
      </Tabs.Content>
      <Tabs.Content value="model" className="tab-panel" forceMount hidden={section !== 'model'}>
        {!local && status.server && (
          <ServerPanel key={JSON.stringify(settings.server)} status={status as RemoteStatus} settings={settings} onSettings={onSettings} onTest={() => void backend.prepare().catch(() => {})} />
        )}
        {usable && local && (
          <ModelPanel
            status={status as LocalStatus}
            settings={settings}
            onSettings={onSettings}
            onDownload={() => local.prepare()}
            onPause={() => local.pause()}
            onCancel={() => local.cancelDownload()}
            onDelete={(id) => local.remove(id)}
            onImport={(files) => local.importFolder(files)}
            onKeepStorage={async () => {
              const granted = await local.keepStorage();
              if (granted) await persistWorkspace(); // the policies' and batches' bucket asks for itself
              return granted;
            }}
          />
        )}
        {local && status.probe && (
          <details className="device">
            <summary>GPU device</summary>
            <DeviceReportPanel probe={status.probe} featuresUsed={status.loaded?.featuresUsed ?? null} />
            {settings.debug && <button type="button" onClick={() => local.simulateDeviceLoss()}>Simulate GPU device loss</button>}
          </details>
        )}
      </Tabs.Content>
    </Tabs.Root>
  );
}

const SECTIONS = ['classify', 'batch', 'review', 'policies', 'model'];

/** The section shown, kept in the address (#batch) so a reload comes back to it. */
function useSection(): [string, (s: string) => void] {
  const read = () => (SECTIONS.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'classify');
  const [section, setSectionState] = useState(read);
  useEffect(() => {
    const onHash = () => setSectionState(read());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const setSection = useCallback((next: string) => {
    history.replaceState(null, '', `${location.pathname}${location.search}${next === 'classify' ? '' : `#${next}`}`);
    setSectionState(next);
  }, []);
  return [section, setSection];
}

/** The policies a batch can use: the presets, the user's saved ones, and what is in the editor now if it differs. */
function usePolicyOptions(editor: ReturnType<typeof usePolicyEditor>): PolicyOption[] {
  return useMemo(() => {
    const presets = PRESET_POLICIES.map((p) => ({ key: `preset:${p.id}`, name: p.title, text: p.text }));
    const saved = editor.saved.map((p) => ({ key: `saved:${p.id}`, name: p.name, text: p.text }));
    const all = [...presets, ...saved];
    const inEditor = all.some((p) => p.text === editor.text) ? [] : [{ key: 'editor', name: `${editor.currentName || 'Policy'} (as edited in Classify)`, text: editor.text }];
    return [...inEditor, ...all];
  }, [editor.saved, editor.text, editor.currentName]);
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
