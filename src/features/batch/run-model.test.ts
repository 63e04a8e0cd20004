import { describe, expect, it } from 'vitest';
import type { BatchRun } from '../../../classify/batch/batch-job';
import { canRunOn, waitingFor } from './run-model';

const run = { settings: { model: { id: 'gpt-oss-safeguard-20b', revision: 'abc' } } } as BatchRun;

describe('a batch runs on the model it was started with', () => {
  it('goes on with that model only', () => {
    expect(canRunOn(run, { id: 'gpt-oss-safeguard-20b', revision: 'abc' })).toBe(true);
    expect(canRunOn(run, null)).toBe(false);
    // Started in this browser: never resumed on a server by itself (its content would leave the machine).
    expect(canRunOn(run, { id: 'gpt-oss-safeguard-20b at gpu-box:8000', revision: null })).toBe(false);
  });

  it('says what it waits for', () => {
    expect(waitingFor(run, null)).toBe('It needs gpt-oss-safeguard-20b: load it (Classify, Model) or connect to its server.');
    expect(waitingFor(run, { id: 'm at gpu-box:8000', revision: null })).toMatch(/started on gpt-oss-safeguard-20b, and m at gpu-box:8000 is ready now: switch back/);
  });
});
