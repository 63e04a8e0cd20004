// Every typed error the engine can throw has advice written for it, so none reaches a user as a bare message.
import { expect, test } from 'vitest';
import * as errors from '../../common/errors';
import { adviceText, guidanceFor, hasGuidance } from './error-guidance';

const engineErrorNames = (Object.values(errors) as unknown[])
  .filter((value) => typeof value === 'function' && value.prototype instanceof errors.EngineError)
  .map((ErrorClass) => new (ErrorClass as new (message: string) => Error)('x').name);

test('all engine errors are covered', () => {
  expect(engineErrorNames.length).toBeGreaterThanOrEqual(14);
  for (const name of engineErrorNames) expect(hasGuidance(name), name).toBe(true);
});

test('the issue named cases say what to do', () => {
  expect(guidanceFor('GpuLimitsError').advice).toMatch(/high-performance/);
  expect(guidanceFor('OutOfGpuMemoryError').advice).toMatch(/Close other tabs/);
  expect(guidanceFor('StorageFullError').advice).toMatch(/kept and stays valid/);
  expect(guidanceFor('NoSuchError').title).toBe('Something went wrong');
});

test('download advice names the button the user sees now', () => {
  expect(adviceText(guidanceFor('DownloadError'), 'Download model')).toMatch(/then press Download model:/);
  expect(adviceText(guidanceFor('DownloadError'), 'Resume download')).toMatch(/then press Resume download:/);
  expect(adviceText(guidanceFor('StorageFullError'), 'Resume download')).not.toContain('{download}');
});
