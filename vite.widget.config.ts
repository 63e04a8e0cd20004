// The embeddable package (issue 15): Vite library mode, a second entry beside the app. Builds dist/widget/: an
// ES module that registers <safeguard-classifier> and exports createClassifier, with the engine worker as its
// own file loaded relative to the module (no inline blobs, so a strict CSP allows it with worker-src 'self').
import { defineConfig, type Plugin } from 'vite';
import { readFileSync } from 'node:fs';

/** package.json of the built folder, so it can be published (or copied) as it is. */
function packageJson(): Plugin {
  const app = JSON.parse(readFileSync('package.json', 'utf8'));
  return {
    name: 'safeguard-widget-package',
    generateBundle() {
      const pkg = {
        name: 'safeguard-classifier-widget', version: app.version, type: 'module', description: 'The <safeguard-classifier> element and createClassifier(): gpt-oss-safeguard on the visitor\'s GPU.',
        module: './safeguard-widget.js', exports: { '.': './safeguard-widget.js' }, sideEffects: true,
      };
      this.emitFile({ type: 'asset', fileName: 'package.json', source: `${JSON.stringify(pkg, null, 2)}\n` });
    },
  };
}

export default defineConfig({
  base: './',
  publicDir: false,
  plugins: [packageJson()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: 'dist/widget',
    emptyOutDir: true,
    sourcemap: true,
    // Nothing inlined as data: URLs (a strict CSP would refuse them).
    assetsInlineLimit: 0,
    lib: { entry: 'widget/index.ts', formats: ['es'], fileName: () => 'safeguard-widget.js' },
  },
});
