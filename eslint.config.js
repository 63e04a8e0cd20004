// Lint: typescript-eslint's recommended rules, React hooks rules, and the layer boundaries that keep the design
// visible. Imports point down this list only (lower layers never import higher ones):
//   common → engine | harmony → classify → delivery → backends → src (the app) | widget (the embeddable element)
// Library code never imports the Node-only folders (platform/, server/, testing/); tests and scripts may.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const LIBRARY = ['common', 'engine', 'harmony', 'classify', 'delivery', 'backends', 'src', 'widget'];
const NODE_ONLY = ['./platform', './server', './testing', './scripts', './e2e'];
const zone = (target, from, message) => ({ target: `./${target}`, from, message });

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'dist-node', '.device', '.cache', 'test-results', 'playwright-report'] },
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX, 'react-hooks': reactHooks },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: LIBRARY.map((dir) => `${dir}/**/*.{ts,tsx}`),
    ignores: ['**/*.test.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', {
        zones: [
          ...LIBRARY.map((dir) => zone(dir, NODE_ONLY, 'library code runs in the browser: Node-only helpers live in platform/ and testing/')),
          zone('common', ['./engine', './harmony', './classify', './delivery', './backends', './src', './widget'], 'common/ is the bottom layer'),
          zone('engine', ['./harmony', './classify', './delivery', './backends', './src', './widget'], 'the engine is a gpt-oss runtime: it knows nothing of prompts, verdicts, downloads or the UI'),
          zone('harmony', ['./engine', './classify', './delivery', './backends', './src', './widget'], 'harmony/ is pure text and tokens: no GPU code'),
          zone('classify', ['./engine', './delivery', './backends', './src', './widget'], 'classify/ is the pure domain: it runs against a TokenSource, never the GPU engine'),
          zone('delivery', ['./engine/gpu', './engine/kernels', './engine/graph', './engine/runtime', './engine/model', './classify', './backends', './src', './widget'], 'delivery/ only needs the engine\'s byte-source and checkpoint types'),
          zone('backends', ['./src', './widget'], 'backends/ are used by the UI, never the other way round'),
          zone('src', ['./widget'], 'the app and the widget are siblings: what both need lives below them'),
          { target: './widget', from: './src', except: ['./ui/error-guidance.ts', './ui/format.ts'], message: 'the widget is framework-free: of the app it uses only the error advice and number formats' },
          zone('widget', ['./engine', './delivery/download-manager.ts', './delivery/delivery-service.ts', './delivery/model-store.ts', './backends/local-webgpu/engine-service.ts', './backends/local-webgpu/engine.worker.ts', './backends/local-webgpu/worker-client.ts', './backends/local-webgpu/protocol.ts'], 'the widget reaches the engine and the cache only through the backend (backends/)'),
          zone('src', ['./engine', './delivery/download-manager.ts', './delivery/delivery-service.ts', './delivery/model-store.ts', './backends/local-webgpu/engine-service.ts', './backends/local-webgpu/engine.worker.ts', './backends/local-webgpu/worker-client.ts', './backends/local-webgpu/protocol.ts'], 'the UI reaches the engine and the cache only through the backend (backends/)'),
        ],
      }],
    },
  },
);
