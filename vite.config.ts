import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './src/app/content-security-policy';

/** An organisation's mirror origins allowed besides the Hub, e.g. SAFEGUARD_MODEL_HOSTS=https://models.example.org */
const extraHosts = (process.env.SAFEGUARD_MODEL_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean);

/** The built site's Content-Security-Policy: a meta tag, and dist/_headers for hosts that read it (the dev
 *  server keeps none: its hot reload needs inline script). */
function contentSecurityPolicyPlugin(): Plugin {
  const policy = contentSecurityPolicy(extraHosts);
  return {
    name: 'safeguard-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' }],
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '_headers', source: `/*\n  Content-Security-Policy: ${policy}\n  Referrer-Policy: no-referrer\n` });
    },
  };
}

export default defineConfig({
  // Relative asset URLs: the built site works under any base path (a subfolder, GitHub Pages, a file share).
  base: './',
  plugins: [
    react(),
    contentSecurityPolicyPlugin(),
    // Offline app shell: a Workbox service worker precaches the built files (HTML, JS, CSS, the engine worker).
    // Weights never go through it: they live in IndexedDB and come from another origin. Registered by
    // src/lib/offline.ts with a relative URL, so its scope is wherever the site is served from.
    VitePWA({
      injectRegister: null,
      registerType: 'autoUpdate',
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{html,js,css,svg,png,ico,wasm}'],
        // Runs before Workbox's routes: refuses every request to another origin while the network is locked.
        importScripts: ['network-lock.js'],
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  worker: { format: 'es' },
  // Three pages: the app, widget.html (iframe mode of the embeddable classifier) and bench.html (the GPU benchmark).
  build: { target: 'es2022', sourcemap: true, rollupOptions: { input: { main: 'index.html', widget: 'widget.html', bench: 'bench.html' } } },
  preview: { port: 4173, strictPort: true },
});
