// Bundles a Node entry point (CLI, benchmark, device checks) into one .mjs with esbuild, so it runs with
// plain `node` here and on the GPU machine (where node_modules does not travel). WGSL files imported with
// Vite's `?raw` suffix become strings, exactly as in the browser build.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const rawText = {
  name: 'raw-text',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: path.resolve(args.resolveDir, args.path.replace(/\?raw$/, '')),
      namespace: 'raw-text',
    }));
    b.onLoad({ filter: /.*/, namespace: 'raw-text' }, async (args) => ({
      contents: await readFile(args.path, 'utf8'),
      loader: 'text',
    }));
  },
};

export async function bundleNode(entry, outfile) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dawn is a native addon: resolved at run time (on the GPU machine from .device/app/node_modules).
    external: ['webgpu'],
    plugins: [rawText],
    logLevel: 'warning',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  return outfile;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [entry, outfile] = process.argv.slice(2);
  if (!entry || !outfile) {
    console.error('usage: node scripts/bundle-node.mjs ENTRY.ts OUT.mjs');
    process.exit(2);
  }
  await bundleNode(entry, outfile);
}
