import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  // Relative asset URLs: the built site works under any base path (a subfolder, GitHub Pages, a file share).
  base: './',
  plugins: [
    react(),
    // Offline app shell: a Workbox service worker precaches the built files (HTML, JS, CSS, the engine worker).
    // Weights never go through it: they live in IndexedDB and come from another origin. Registered by
    // src/lib/offline.ts with a relative URL, so its scope is wherever the site is served from.
    VitePWA({
      injectRegister: null,
      registerType: 'autoUpdate',
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{html,js,css,svg,png,ico,wasm}'],
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  preview: { port: 4173, strictPort: true },
});
