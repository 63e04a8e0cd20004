import { describe, expect, it } from 'vitest';
import { normaliseBaseUrl } from '../../../backends/remote-openai/server-config';
import { serverUrlProblem } from './server-url';

const CSP = ["'self'", 'https://huggingface.co', 'http://127.0.0.1:*', 'http://localhost:*'];

describe('server URLs', () => {
  it('adds /v1 to a bare origin and keeps a proxy path', () => {
    expect(normaliseBaseUrl('http://localhost:8000')).toEqual({ url: 'http://localhost:8000/v1' });
    expect(normaliseBaseUrl(' http://localhost:8000/v1/ ')).toEqual({ url: 'http://localhost:8000/v1' });
    expect(normaliseBaseUrl('https://gw.example.org/openai/v1')).toEqual({ url: 'https://gw.example.org/openai/v1' });
  });

  it('names what is wrong with a URL, and a host the CSP blocks', () => {
    expect(serverUrlProblem('gpu box', CSP, 'https://app.example')).toMatch(/is not a URL/);
    expect(serverUrlProblem('http://user:pw@localhost:8000', CSP, 'https://app.example')).toMatch(/API key in its own field/);
    expect(serverUrlProblem('http://localhost:8000/v1?x=1', CSP, 'https://app.example')).toMatch(/no \?query/);
    expect(serverUrlProblem('https://gpu.example.org/v1', CSP, 'https://app.example')).toMatch(/SAFEGUARD_MODEL_HOSTS=https:\/\/gpu\.example\.org/);
    expect(serverUrlProblem('http://127.0.0.1:8080/v1', CSP, 'https://app.example')).toBeNull();
    expect(serverUrlProblem('https://gpu.example.org/v1', null, 'https://app.example')).toBeNull(); // no policy (dev server)
  });
});
