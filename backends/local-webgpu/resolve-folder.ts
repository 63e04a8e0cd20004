// Turns the UI's description of a model (a URL to stream from, or a model in the IndexedDB cache) into the
// CheckpointFolder the loader reads.
import type { FolderResolver } from './engine-service';
import { httpFolder } from '../../delivery/http-folder';
import type { PinnedManifest } from '../../delivery/pinned-manifest';

export function folderResolver(openCached: (modelId: string, orgPin?: PinnedManifest | null) => ReturnType<FolderResolver>): FolderResolver {
  return async (spec) => (spec.kind === 'url' ? httpFolder(spec.baseUrl) : openCached(spec.modelId, spec.orgPin));
}
