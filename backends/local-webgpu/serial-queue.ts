// Runs async jobs one at a time in arrival order. Each job gets an AbortSignal; cancelAll() aborts the running
// job and rejects every waiting one, so a Cancel button never leaves work running behind the user's back.

type Job = { start: () => void; reject: (error: Error) => void };

export class SerialQueue {
  private readonly waitingJobs: Job[] = [];
  private running: AbortController | null = null;

  get waiting(): number {
    return this.waitingJobs.length;
  }

  get busy(): boolean {
    return this.running !== null;
  }

  run<T>(job: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        const controller = new AbortController();
        this.running = controller;
        job(controller.signal)
          .then(resolve, reject)
          .finally(() => {
            this.running = null;
            this.waitingJobs.shift()?.start();
          });
      };
      if (this.running) this.waitingJobs.push({ start, reject });
      else start();
    });
  }

  cancelAll(reason: () => Error) {
    for (const job of this.waitingJobs.splice(0)) job.reject(reason());
    this.running?.abort();
  }
}
