// The shipped policy and its connect-src matching (used to name a mirror the policy would block).
import { expect, test } from 'vitest';
import { mirrorUrlProblem } from '../features/model/mirror-url';
import { contentSecurityPolicy, sourcesAllow } from './content-security-policy';

const SELF = 'https://safeguard.example';

test('the policy allows the site, the Hub and its CDNs, local mirrors and the build-time extra hosts', () => {
  const policy = contentSecurityPolicy(['https://models.example.org']);
  expect(policy).toContain("connect-src 'self' https://huggingface.co https://*.huggingface.co https://*.hf.co http://127.0.0.1:* http://localhost:* https://models.example.org");
  expect(policy).toContain("object-src 'none'");
  expect(policy).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
});

test('sources match origins, subdomain and port wildcards, and nothing else', () => {
  const sources = ["'self'", 'https://huggingface.co', 'https://*.hf.co', 'http://127.0.0.1:*'];
  const allows = (url: string) => sourcesAllow(sources, new URL(url), SELF);
  expect(allows('https://safeguard.example/app/x')).toBe(true);
  expect(allows('https://huggingface.co/openai/x')).toBe(true);
  expect(allows('https://cas-bridge.xethub.hf.co/x')).toBe(true);
  expect(allows('http://127.0.0.1:4174/x')).toBe(true);
  expect(allows('http://huggingface.co/x')).toBe(false); // scheme
  expect(allows('https://huggingface.co.evil.example/x')).toBe(false);
  expect(allows('https://hf.co.evil.example/x')).toBe(false);
  expect(allows('https://evil.example/x')).toBe(false);
});

test('a mirror the policy blocks is named with how to allow it', () => {
  const sources = ["'self'", 'https://huggingface.co'];
  expect(mirrorUrlProblem('https://huggingface.co', sources, SELF)).toBeNull();
  expect(mirrorUrlProblem('https://models.example.org/hf', sources, SELF)).toMatch(/does not allow connections to https:\/\/models\.example\.org.*SAFEGUARD_MODEL_HOSTS=https:\/\/models\.example\.org/);
  expect(mirrorUrlProblem('huggingface.co', sources, SELF)).toMatch(/not a URL/);
  expect(mirrorUrlProblem('ftp://x.example', null, SELF)).toMatch(/ftp: is not supported/);
});
