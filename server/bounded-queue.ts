// At most `capacity` classifications at a time on the GPU (1 for the single sequence; a batch's slot count for
// requests decoded together), with a bounded line of waiting requests: when the line is full a new request is
// refused at once (the server answers 429 and the client backs off) instead of waiting for minutes.
import { AbortedError } from '../common/errors';

export class QueueFullError extends Error {
  constructor(readonly waiting: number) {
    super(`the server is busy: ${waiting} requests are already waiting; retry shortly`);
    this.name = 'QueueFullError';
  }
}

interface Waiting {
  start: () => void;
  cancel: () => void;
}

export class BoundedQueue {
  private readonly line: Waiting[] = [];
  private busy = 0;

  constructor(readonly maxWaiting: number, readonly capacity = 1) {}

  get waiting() {
    return this.line.length;
  }

  /** Jobs running now. */
  get running() {
    return this.busy;
  }

  /** Runs `job` when one of the `capacity` places is free. Rejects with QueueFullError at once when the line is full. */
  run<T>(job: () => Promise<T>, signal: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        signal.removeEventListener('abort', leave);
        this.busy++;
        job().then(resolve, reject).finally(() => {
          this.busy--;
          this.line.shift()?.start();
        });
      };
      const entry: Waiting = { start, cancel: () => reject(new AbortedError('The client went away while its request waited.')) };
      const leave = () => {
        const at = this.line.indexOf(entry);
        if (at >= 0) this.line.splice(at, 1);
        entry.cancel();
      };
      if (this.busy < this.capacity) return start();
      if (this.line.length >= this.maxWaiting) return reject(new QueueFullError(this.line.length));
      if (signal.aborted) return entry.cancel();
      signal.addEventListener('abort', leave, { once: true });
      this.line.push(entry);
    });
  }
}
