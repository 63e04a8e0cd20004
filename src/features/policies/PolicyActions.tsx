// Managing the user's saved policies: new, duplicate, rename, delete, import and export Markdown. Names are
// rendered as text only. Shown in the Policies section, on the policy the editor holds.
import { useRef, useState } from 'react';
import type { PolicyEditor } from './usePolicyEditor';

export function PolicyActions({ editor }: { editor: PolicyEditor }) {
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  return (
    <div className="policy-actions">
      {renaming !== null ? (
        <form className="row" onSubmit={(e) => { e.preventDefault(); void editor.rename(renaming); setRenaming(null); }}>
          <input aria-label="Policy name" value={renaming} onChange={(e) => setRenaming(e.target.value)} maxLength={120} autoFocus />
          <button type="submit" disabled={!renaming.trim()}>Save name</button>
          <button type="button" onClick={() => setRenaming(null)}>Cancel rename</button>
        </form>
      ) : confirmDelete ? (
        <div className="row" role="group" aria-label="Confirm delete">
          <span>Delete “{editor.currentName}” from this browser?</span>
          <button type="button" onClick={() => { setConfirmDelete(false); void editor.remove(); }}>Delete policy</button>
          <button type="button" onClick={() => setConfirmDelete(false)}>Keep it</button>
        </div>
      ) : (
        <div className="row buttons">
          <button type="button" onClick={() => void editor.createNew()}>New</button>
          <button type="button" onClick={() => void editor.duplicate()}>Duplicate</button>
          <button type="button" disabled={!editor.isSaved} onClick={() => setRenaming(editor.currentName)}>Rename</button>
          <button type="button" disabled={!editor.isSaved} aria-label={editor.isSaved ? `Delete policy “${editor.currentName}”` : 'Delete policy (only your saved policies can be deleted)'} onClick={() => setConfirmDelete(true)}>Delete</button>
          <button type="button" onClick={() => fileInput.current?.click()}>Import .md</button>
          <button type="button" onClick={editor.exportCurrent}>Export .md</button>
          <input
            ref={fileInput}
            type="file"
            hidden
            multiple
            accept=".md,.markdown,.txt,text/markdown,text/plain"
            aria-label="Import policy files"
            onChange={(e) => {
              void editor.importFiles([...(e.target.files ?? [])]);
              e.target.value = '';
            }}
          />
        </div>
      )}
      {editor.error && (
        <p className="problem-inline" role="alert" data-testid="policy-error">
          {editor.error} <button type="button" onClick={editor.clearError}>Dismiss</button>
        </p>
      )}
    </div>
  );
}
