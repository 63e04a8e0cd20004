// The Content-Security-Policy the built site ships (a meta tag in index.html, and the same policy as a header in
// dist/_headers for hosts that read that file). Scripts, workers and styles only from the site itself (WASM for
// the hashing library); network connections only to the site and the model hosts. Content typed into the page
// therefore cannot be sent anywhere else, even by injected script.

/** Where model files come from by default: the Hub and its file CDNs, and local mirrors (the demo and tests). */
export const DEFAULT_MODEL_HOSTS = ['https://huggingface.co', 'https://*.huggingface.co', 'https://*.hf.co', 'http://127.0.0.1:*', 'http://localhost:*'];

/** `extraHosts`: an organisation's mirror origins, set when building (SAFEGUARD_MODEL_HOSTS). */
export function contentSecurityPolicy(extraHosts: string[] = []): string {
  const connect = ["'self'", ...DEFAULT_MODEL_HOSTS, ...extraHosts].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self'",
    `connect-src ${connect}`,
    "img-src 'self' data:",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
}

/** The connect-src sources of the policy the page runs under (from its meta tag), or null when it has none. */
export function connectSources(doc: Document = document): string[] | null {
  const meta = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content');
  const directive = meta?.split(';').map((d) => d.trim()).find((d) => d.startsWith('connect-src '));
  return directive ? directive.split(/\s+/).slice(1) : null;
}

/** Whether a URL's origin matches one of the sources ('self', exact origins, *.subdomain and :* port wildcards). */
export function sourcesAllow(sources: string[], url: URL, self: string): boolean {
  return sources.some((source) => {
    if (source === "'self'") return url.origin === self;
    const m = source.match(/^(https?):\/\/(\*\.)?([^:/]+)(?::(\d+|\*))?$/);
    if (!m) return false;
    const [, scheme, wildcard, host, port] = m;
    if (url.protocol !== `${scheme}:`) return false;
    const hostOk = wildcard ? url.hostname.endsWith(`.${host}`) : url.hostname === host;
    const portOk = port === '*' || (port ?? '') === url.port;
    return hostOk && portOk;
  });
}
