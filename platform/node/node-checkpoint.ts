// A checkpoint folder on the local disk (Node).
import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ByteSource } from '../../engine/weights/byte-source';
import type { CheckpointFolder } from '../../engine/weights/checkpoint';

export class FileByteSource implements ByteSource {
  private constructor(
    readonly name: string,
    readonly size: number,
  ) {}
  static async open(file: string) {
    return new FileByteSource(file, (await stat(file)).size);
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    const handle = await open(this.name, 'r');
    try {
      const bytes = new Uint8Array(Math.max(0, Math.min(length, this.size - offset)));
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, offset);
      return bytes.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }
}

export function localFolder(dir: string): CheckpointFolder {
  return {
    name: dir,
    async readText(file) {
      try {
        return await readFile(path.join(dir, file), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    open: (file) => FileByteSource.open(path.join(dir, file)),
  };
}
