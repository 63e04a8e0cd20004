// The models stored in this browser, each with its state and a Delete that asks first (a deleted model is many
// gigabytes to download again). Delete works at any moment: the backend stops a download, load or run first.
import { Fragment, useState } from 'react';
import type { CachedModelSummary } from '../../../backends/local-webgpu/local-backend';
import { findModel } from '../../../delivery/registry';
import { formatBytes } from '../../ui/format';

interface Props {
  cached: CachedModelSummary[];
  onDelete: (modelId: string) => void;
}

const titleOf = (modelId: string) => {
  try {
    return findModel(modelId).title;
  } catch {
    return modelId; // a model an older version of the app stored
  }
};

export function CachedModels({ cached, onDelete }: Props) {
  const [confirming, setConfirming] = useState<string | null>(null);
  if (cached.length === 0) return null;
  return (
    <table className="cached" data-testid="cached-models">
      <caption>Cached models</caption>
      <tbody>
        {cached.map((c) => (
          <Fragment key={c.modelId}>
            <tr>
              <td>{titleOf(c.modelId)}</td>
              <td data-testid={`cached-state-${c.modelId}`}>{c.state}</td>
              <td>{formatBytes(c.storedBytes)} / {formatBytes(c.totalBytes)}</td>
              <td>
                <button type="button" aria-label={`Delete ${titleOf(c.modelId)} from this browser`} aria-expanded={confirming === c.modelId} onClick={() => setConfirming(c.modelId)}>Delete</button>
              </td>
            </tr>
            {confirming === c.modelId && (
              <tr className="confirm-row">
                <td colSpan={4}>
                  <div className="confirm" role="group" aria-label={`Confirm deleting ${titleOf(c.modelId)}`}>
                    <span>Delete {titleOf(c.modelId)} ({formatBytes(c.storedBytes)}) from this browser? Using it again means downloading it again.</span>
                    <button type="button" className="danger" onClick={() => { setConfirming(null); onDelete(c.modelId); }}>Delete model</button>
                    <button type="button" onClick={() => setConfirming(null)} autoFocus>Keep it</button>
                  </div>
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
