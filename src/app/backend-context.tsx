// The backend the UI classifies through, created by a provider (not at module scope) so a page, a test or the
// widget can each make and dispose their own: the local WebGPU engine, or an OpenAI-compatible server when the
// user chose one. Components read its status with useBackendStatus(); the model panel uses useLocalBackend().
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { BackendStatus, ClassifierBackend } from '../../backends/classifier-backend';
import { LocalWebGpuBackend, type LocalStatus } from '../../backends/local-webgpu/local-backend';
import type { RemoteOpenAIBackend, RemoteStatus } from '../../backends/remote-openai/remote-backend';
import type { Settings } from './settings';

export type AppBackend = LocalWebGpuBackend | RemoteOpenAIBackend;

const BackendContext = createContext<AppBackend | null>(null);

/** A new backend whenever the runner or the server changes; the local one follows the other settings itself. */
const backendKey = (s: Settings) => (s.runner === 'server' ? JSON.stringify(['server', s.server]) : 'browser');

export function BackendProvider({ settings, children }: { settings: Settings; children: ReactNode }) {
  const [backend, setBackend] = useState<AppBackend | null>(null);
  const key = backendKey(settings);
  useEffect(() => {
    let made: AppBackend | null = null;
    let gone = false;
    if (settings.runner === 'server') {
      // The OpenAI client is loaded only by those who choose a server.
      void import('../../backends/remote-openai/remote-backend').then(({ RemoteOpenAIBackend }) => {
        if (gone) return;
        const remote = new RemoteOpenAIBackend(settings.server);
        made = remote;
        setBackend(remote);
        // Testing the connection sends no content (it lists the server's models).
        if (remote.getStatus().phase === 'idle') remote.prepare().catch(() => {});
      });
    } else {
      made = new LocalWebGpuBackend(settings);
      setBackend(made);
    }
    return () => {
      gone = true;
      made?.dispose();
    };
    // One backend per key; other settings changes go through configure() below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  useEffect(() => void (backend instanceof LocalWebGpuBackend && backend.configure(settings)), [backend, settings]);
  return backend ? <BackendContext.Provider value={backend}>{children}</BackendContext.Provider> : null;
}

export function useBackend(): ClassifierBackend & AppBackend {
  const backend = useContext(BackendContext);
  if (!backend) throw new Error('useBackend() outside <BackendProvider>');
  return backend;
}

/** Either backend's status: the local-only and server-only fields are there only in their mode. */
export type AppStatus = BackendStatus & Partial<LocalStatus> & Partial<RemoteStatus>;

export function useBackendStatus(): AppStatus {
  const backend = useBackend() as ClassifierBackend<AppStatus>;
  return useSyncExternalStore((listener) => backend.subscribe(listener), backend.getStatus);
}

/** The local engine's backend, or null while a server classifies. */
export function useLocalBackend(): LocalWebGpuBackend | null {
  const backend = useBackend();
  return backend instanceof LocalWebGpuBackend ? backend : null;
}
