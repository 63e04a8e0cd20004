// Runs a TypeScript Node entry point: bundles it with esbuild (WGSL imported as text, as in the browser
// build) into dist-node/ and executes it with the remaining arguments.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleNode } from './bundle-node.mjs';

const [entry, ...args] = process.argv.slice(2);
const out = path.resolve('dist-node', path.basename(entry).replace(/\.ts$/, '.mjs'));
await bundleNode(entry, out);
process.argv = [process.argv[0], out, ...args];
await import(pathToFileURL(out).href);
