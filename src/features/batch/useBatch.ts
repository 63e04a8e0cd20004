// The page's BatchController: one per mount, classifying through the app's backend, loaded from IndexedDB.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useBackend } from '../../app/backend-context';
import { BatchController } from './batch-controller';
import { BatchStore } from './batch-store';
import { concurrencyOf, readAtOnce } from './at-once-setting';

export function useBatch() {
  // The controller outlives a switch between this browser and a server: it always classifies through the current one.
  const current = useBackend();
  const backend = useRef(current);
  backend.current = current;
  const [controller] = useState(() => new BatchController(
    new BatchStore(),
    (inputs, options) => backend.current.classifyMany(inputs, options),
    () => concurrencyOf(readAtOnce()),
  ));
  useEffect(() => void controller.init(), [controller]);
  const view = useSyncExternalStore(controller.subscribe, controller.getView);
  return { controller, view };
}
