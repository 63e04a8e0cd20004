import { expect, test } from 'vitest';
import { truncateToFit, truncationMarker } from './truncate-content';

test('content that fits is left alone; content that does not is cut with a marker saying how much went', () => {
  expect(truncateToFit('short', 10, 100)).toBe('short');
  const long = 'x'.repeat(10_000);
  const cut = truncateToFit(long, 10_000, 5_024);
  const kept = cut.indexOf('\n[…');
  expect(kept).toBe(4750); // (5024 − 24) / 10000 · 0.95 of the characters
  expect(cut.endsWith(truncationMarker(10_000 - 4750))).toBe(true);
  expect(cut).toContain('5,250 characters removed by Safeguard to fit the context');
});

test('a cut never splits a surrogate pair', () => {
  const emoji = '😀'.repeat(100); // 200 UTF-16 units
  const cut = truncateToFit(emoji, 200, 127); // would keep 97 units: the 97th is a high surrogate
  const kept = cut.slice(0, cut.indexOf('\n[…'));
  expect(kept.length % 2).toBe(0);
  expect([...kept].every((c) => c === '😀')).toBe(true);
});
