// An organisation's pinned manifest for its mirror, from a file the user picks or a URL they type (fetched by the
// page once, then kept in the settings). The manifest says which files and sha256 values the mirror must serve.
import { parsePinnedManifest, type PinnedManifest } from '../../../delivery/pinned-manifest';
import { PinnedManifestError } from '../../../common/errors';

export async function pinFromFile(file: File): Promise<PinnedManifest> {
  return parsePinnedManifest(parseJson(await file.text(), file.name), file.name);
}

export async function pinFromUrl(url: string): Promise<PinnedManifest> {
  let response: Response;
  try {
    response = await fetch(url, { referrerPolicy: 'no-referrer' });
  } catch (error) {
    throw new PinnedManifestError(`Could not fetch the pinned manifest from ${url} (${(error as Error).message}). Check the URL and that the server allows this page (CORS).`);
  }
  if (!response.ok) throw new PinnedManifestError(`${url} answered HTTP ${response.status}: no pinned manifest there.`);
  return parsePinnedManifest(parseJson(await response.text(), url), url);
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new PinnedManifestError(`The pinned manifest from ${source} is not valid JSON.`);
  }
}
