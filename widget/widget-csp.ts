// The Content-Security-Policy a page embedding the widget needs (documented in docs/widget.md and the README, and
// enforced on the example in e2e): the package and its worker from the page's own origin, WebAssembly for the
// checksum library, connections to the model host(s). No inline script or style is needed.
export function widgetContentSecurityPolicy(modelHosts = ['https://huggingface.co', 'https://*.huggingface.co', 'https://*.hf.co']): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self'",
    `connect-src 'self' ${modelHosts.join(' ')}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
  ].join('; ');
}
