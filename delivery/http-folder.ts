// A model folder served over HTTP (the Hugging Face Hub's resolve URLs, a mirror, or a local server): small
// files are fetched whole, weight files are read with Range requests. Used to load without caching.
import { DownloadError } from '../common/errors';
import { HttpRangeByteSource, type ByteSource } from '../engine/weights/byte-source';
import type { CheckpointFolder } from '../engine/weights/checkpoint';

export function fileUrl(baseUrl: string, file: string): string {
  return new URL(file, baseUrl.endsWith('/') ? baseUrl : baseUrl + '/').href;
}

export function httpFolder(baseUrl: string): CheckpointFolder {
  return {
    name: baseUrl,
    async readText(file: string): Promise<string | null> {
      const url = fileUrl(baseUrl, file);
      let response: Response;
      try {
        response = await fetch(url);
      } catch (error) {
        throw new DownloadError(`${url}: network error (${(error as Error).message}). Check the connection and the model URL.`);
      }
      if (response.status === 404) return null;
      if (!response.ok) throw new DownloadError(`${url}: HTTP ${response.status} ${response.statusText}`);
      return response.text();
    },
    async open(file: string): Promise<ByteSource> {
      return HttpRangeByteSource.open(fileUrl(baseUrl, file));
    },
  };
}
