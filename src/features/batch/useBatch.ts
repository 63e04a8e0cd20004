// The page's BatchController: one per mount, classifying through the app's backend, loaded from IndexedDB.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useBackend } from '../../app/backend-context';
import { BatchController } from './batch-controller';
import { BatchStore } from './batch-store';

export function useBatch() {
  const backend = useBackend();
  const [controller] = useState(() => new BatchController(new BatchStore(), (input, options) => backend.classify(input, options)));
  useEffect(() => void controller.init(), [controller]);
  const view = useSyncExternalStore(controller.subscribe, controller.getView);
  return { controller, view };
}
