import { useEffect, useState } from 'react';
import type { DeviceProbe } from '../workers/engine-service';
import { startEngineWorker } from './engine-client';
import { DeviceReportPanel } from './components/DeviceReportPanel';
import { GpuProblem } from './components/GpuProblem';

type ProbeState =
  | { kind: 'probing' }
  | { kind: 'ready'; probe: DeviceProbe }
  | { kind: 'failed'; name: string; message: string };

const engine = startEngineWorker();

export function App() {
  const [state, setState] = useState<ProbeState>({ kind: 'probing' });

  useEffect(() => {
    let cancelled = false;
    engine.probeDevice().then(
      (probe) => !cancelled && setState({ kind: 'ready', probe }),
      (error: Error) => !cancelled && setState({ kind: 'failed', name: error.name, message: error.message }),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  return (
    <main className="app">
      <header>
        <h1>Safeguard</h1>
        <p className="tagline">Policy-based content classification with gpt-oss-safeguard, running entirely on your GPU.</p>
      </header>
      {state.kind === 'probing' && <p role="status">Checking your GPU…</p>}
      {state.kind === 'ready' && <DeviceReportPanel probe={state.probe} />}
      {state.kind === 'failed' && <GpuProblem name={state.name} message={state.message} />}
    </main>
  );
}
