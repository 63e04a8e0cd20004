import { describe, expect, it } from 'vitest';
import { allowedOrigins, asPageMessage, PROTOCOL } from './iframe-protocol';
import { resolveFormat } from './create-classifier';

describe('iframe protocol', () => {
  it('reads the allow-list as origins, dropping paths and anything that is not http(s)', () => {
    expect(allowedOrigins('?origins=https://admin.example.org/queue, http://127.0.0.1:8080,javascript:alert(1),,nonsense')).toEqual(['https://admin.example.org', 'http://127.0.0.1:8080']);
    expect(allowedOrigins('')).toEqual([]);
  });

  it('accepts only well-formed requests of its version', () => {
    const ok = { protocol: PROTOCOL, v: 1, type: 'classify', id: 'a', request: { policy: 'p', content: 'c' } };
    expect(asPageMessage(ok)).toEqual(ok);
    expect(asPageMessage({ ...ok, v: 2 })).toBeNull();
    expect(asPageMessage({ ...ok, protocol: 'other' })).toBeNull();
    expect(asPageMessage({ ...ok, id: 1 })).toBeNull();
    expect(asPageMessage({ ...ok, request: { policy: 'p' } })).toBeNull();
    expect(asPageMessage('classify')).toBeNull();
  });
});

describe('resolveFormat', () => {
  const binaryPolicy = '# P\n\n## OUTPUT FORMAT\nReturn exactly one character: 0 or 1. No explanation, no punctuation.\n0 = the content does NOT violate this policy.\n1 = the content violates this policy.\n';
  it('uses the policy\'s own format when none is asked for, and binary when it has none', () => {
    expect(resolveFormat(binaryPolicy, undefined)).toEqual({ policy: binaryPolicy, format: { kind: 'binary' } });
    expect(resolveFormat('# P\nno format', undefined)).toEqual({ policy: '# P\nno format', format: { kind: 'binary' } });
  });
  it('rewrites the OUTPUT FORMAT section when another format is asked for, so what is asked and what is read agree', () => {
    const { policy, format } = resolveFormat(binaryPolicy, 'labels:SP0,SP2');
    expect(format).toEqual({ kind: 'labels', labels: ['SP0', 'SP2'] });
    expect(policy).toContain('Return exactly one of these labels and nothing else: SP0, SP2.');
    expect(policy).not.toContain('0 or 1');
    expect(() => resolveFormat(binaryPolicy, 'yaml')).toThrow(/binary, json or labels/);
  });
});
