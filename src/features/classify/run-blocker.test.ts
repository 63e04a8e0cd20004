// Run's reason for being unavailable is said in words, and the size check matches the engine's rule
// (prompt + answer limit must fit the context).
import { expect, test } from 'vitest';
import { runBlocker } from './run-blocker';

const base = { ready: true, running: false, policy: 'p', content: 'c', size: { promptTokens: 1000, capacity: 8192 }, maxTokens: 2048 };

test('each reason is named', () => {
  expect(runBlocker({ ...base, ready: false })).toMatch(/Load the model first/);
  expect(runBlocker({ ...base, ready: false, server: 'gpu-box:8000' })).toBe('Connect to the server first (Server settings, in the server line above).');
  expect(runBlocker({ ...base, batchRunning: true, server: 'gpu-box:8000' })).toBeNull(); // a server takes an item beside a batch
  expect(runBlocker({ ...base, policy: '  ' })).toMatch(/Write a policy/);
  expect(runBlocker({ ...base, content: '\n' })).toMatch(/Paste the content/);
  expect(runBlocker({ ...base, batchRunning: true })).toMatch(/^A batch is running \(Batch & evaluate\): pause it/);
  expect(runBlocker(base)).toBeNull();
});

test('too long: says by how much and names the answer limit control', () => {
  expect(runBlocker({ ...base, size: { promptTokens: 7000, capacity: 8192 } })).toBe(
    'Too long by 856 tokens: the prompt (7,000) plus the answer limit (2,048) must fit the 8,192-token context. Shorten the policy or content, or lower the answer limit.',
  );
  expect(runBlocker({ ...base, size: { promptTokens: 6144, capacity: 8192 } })).toBeNull(); // exactly full is allowed
});
