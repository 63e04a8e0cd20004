// Where a remote OpenAI-compatible server is and how to talk to it. The API key stays in this browser and is sent
// only to this base URL.
export interface ServerConfig {
  /** Base URL of the OpenAI API, e.g. http://localhost:8000/v1. */
  baseUrl: string;
  /** The model name the server serves (vLLM: the --served-model-name or the repo id). */
  model: string;
  /** Bearer token, when the server asks for one. */
  apiKey: string;
}

/**
 * The base URL as the OpenAI client wants it, or a sentence saying what is wrong with it. A bare origin gets
 * /v1 (what vLLM, LM Studio, Ollama and safeguard serve all use); any other path is kept (a proxy's own).
 */
export function normaliseBaseUrl(text: string): { url: string } | { problem: string } {
  const trimmed = text.trim();
  if (!trimmed) return { problem: 'Enter the server URL, for example http://localhost:8000/v1.' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { problem: `"${trimmed}" is not a URL: write it as http://host:port/v1.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: `The server URL must start with http:// or https://, not ${url.protocol}//.` };
  if (url.username || url.password) return { problem: 'Put the API key in its own field, not in the URL.' };
  if (url.search || url.hash) return { problem: 'The server URL takes no ?query or #fragment.' };
  const path = url.pathname.replace(/\/+$/, '');
  return { url: `${url.origin}${path || '/v1'}` };
}

/** host[:port] of the base URL, as the UI names where content goes. */
export const serverHost = (baseUrl: string) => new URL(baseUrl).host;
