// The backend the UI classifies through, created by a provider (not at module scope) so a page, a test or the
// widget can each make and dispose their own. Components read its status with useBackendStatus().
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { LocalWebGpuBackend, type LocalSettings, type LocalStatus } from '../../backends/local-webgpu/local-backend';

const BackendContext = createContext<LocalWebGpuBackend | null>(null);

export function BackendProvider({ settings, children }: { settings: LocalSettings; children: ReactNode }) {
  const [backend, setBackend] = useState<LocalWebGpuBackend | null>(null);
  useEffect(() => {
    const made = new LocalWebGpuBackend(settings);
    setBackend(made);
    return () => made.dispose();
    // One backend per mount; settings changes go through configure() below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => void backend?.configure(settings), [backend, settings]);
  return backend ? <BackendContext.Provider value={backend}>{children}</BackendContext.Provider> : null;
}

export function useBackend(): LocalWebGpuBackend {
  const backend = useContext(BackendContext);
  if (!backend) throw new Error('useBackend() outside <BackendProvider>');
  return backend;
}

export function useBackendStatus(): LocalStatus {
  const backend = useBackend();
  return useSyncExternalStore((listener) => backend.subscribe(listener), backend.getStatus);
}
