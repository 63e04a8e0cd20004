// Import a model folder already on disk (picked or dropped) into the cache instead of downloading the weights.
import { useRef } from 'react';
import type { LocalFile } from '../../../delivery/import-manager';
import { filesFromDrop, filesFromInput } from './local-files';

export function FolderImport({ onImport }: { onImport: (files: LocalFile[]) => void }) {
  const folderInput = useRef<HTMLInputElement>(null);
  return (
    <div
      className="drop-zone"
      data-testid="folder-drop"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        void filesFromDrop(e.dataTransfer).then(onImport);
      }}
    >
      <button type="button" onClick={() => folderInput.current?.click()}>Import a folder from disk…</button>
      <input ref={folderInput} type="file" hidden multiple aria-label="Model folder" {...{ webkitdirectory: '' }} onChange={(e) => { onImport(filesFromInput(e.target.files)); e.target.value = ''; }} />{' '}
      <span className="detail">
        Already have the model files (e.g. from huggingface-cli)? Pick or drop their folder: they are copied into this browser's cache and
        checked against the official checksums (one small request for the file list), without downloading the weights.
      </span>
    </div>
  );
}
