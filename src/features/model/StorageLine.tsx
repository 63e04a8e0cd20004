// How much the browser stores for this site and whether it may evict it. "Not persistent" comes with what it
// means and a button that asks the browser to keep the data (browsers grant it inside a click, more readily to
// installed or often-used sites).
import { useState } from 'react';
import type { LocalStatus } from '../../../backends/local-webgpu/local-backend';
import { formatBytes } from '../../ui/format';
import { workspaceKeptApart } from '../../app/workspace-storage';

export function StorageLine({ storage, onKeep }: { storage: LocalStatus['storage']; onKeep: () => Promise<boolean> }) {
  const [refused, setRefused] = useState(false);
  if (!storage) return null;
  return (
    <div className="detail" data-testid="storage" data-persisted={storage.persisted}>
      Storage: {storage.usage !== null ? formatBytes(storage.usage) : '?'} used
      {storage.quota !== null && ` of ${formatBytes(storage.quota)} the browser reports`}
      {storage.persisted ? (
        ' · persistent: the browser keeps the model until you delete it.'
      ) : (
        <>
          {' · '}not persistent: when the disk runs low the browser may delete the cached model (it would then be downloaded again).
          {workspaceKeptApart() ? ' Your policies and batches are stored apart from it and stay.' : ' Your policies and batches could go with it: export what you need to keep.'}{' '}
          <button type="button" onClick={() => void onKeep().then((granted) => setRefused(!granted))}>Keep stored data</button>
          {refused && (
            <span data-testid="persist-refused">
              {' '}The browser declined for now. Chrome grants it to sites you use often, bookmark or install (the install icon in the address bar); Firefox asks you.
            </span>
          )}
        </>
      )}
    </div>
  );
}
