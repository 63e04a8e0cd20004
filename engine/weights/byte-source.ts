// Where checkpoint bytes come from. The same loader reads a local file (Node), HTTP ranges, or IndexedDB
// chunks; each only has to answer "give me bytes [offset, offset + length)".

export interface ByteSource {
  /** Shown in error messages (a file name or URL). */
  readonly name: string;
  /** Total size in bytes. */
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** An in-memory source, for tests and small files. */
export class MemoryByteSource implements ByteSource {
  constructor(
    readonly name: string,
    private readonly bytes: Uint8Array,
  ) {}
  get size() {
    return this.bytes.length;
  }
  async read(offset: number, length: number) {
    return this.bytes.subarray(offset, Math.min(offset + length, this.bytes.length));
  }
}

/** Fetches byte ranges with HTTP Range requests (any server that supports them, e.g. the Hugging Face Hub). */
export class HttpRangeByteSource implements ByteSource {
  private constructor(
    readonly name: string,
    readonly size: number,
  ) {}

  static async open(url: string, init?: RequestInit): Promise<HttpRangeByteSource> {
    const head = await fetch(url, { ...init, method: 'HEAD' });
    if (!head.ok) throw new Error(`${url}: HTTP ${head.status} ${head.statusText}`);
    const size = Number(head.headers.get('content-length'));
    if (!Number.isFinite(size) || size <= 0) throw new Error(`${url}: the server did not report a Content-Length`);
    return new HttpRangeByteSource(url, size);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(offset + length, this.size) - 1;
    const response = await fetch(this.name, { headers: { Range: `bytes=${offset}-${end}` } });
    if (response.status !== 206) throw new Error(`${this.name}: expected 206 Partial Content for a Range request, got ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }
}
