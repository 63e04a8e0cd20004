import { describe, expect, it } from 'vitest';
import { SerialQueue } from './serial-queue';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('SerialQueue', () => {
  it('runs jobs one at a time, in order', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([queue.run(job('a')), queue.run(job('b')), queue.run(job('c'))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('cancelAll aborts the running job, rejects the waiting ones, and later jobs still run', async () => {
    const queue = new SerialQueue();
    const running = queue.run(
      (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted while running')))),
    );
    const waiting = queue.run(async () => 'never');
    expect(queue.waiting).toBe(1);
    queue.cancelAll(() => new Error('cancelled in queue'));
    await expect(running).rejects.toThrow('aborted while running');
    await expect(waiting).rejects.toThrow('cancelled in queue');
    expect(queue.busy).toBe(false);
    await expect(queue.run(async () => 'after')).resolves.toBe('after');
  });

  it('a failing job does not block the next', async () => {
    const queue = new SerialQueue();
    const failing = queue.run(async () => {
      throw new Error('boom');
    });
    const next = queue.run(async () => 42);
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe(42);
  });
});
