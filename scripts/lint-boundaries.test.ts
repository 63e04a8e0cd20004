// The layer rules of eslint.config.js really bite: a deliberate upward or Node-only import in each layer is
// reported, and the same import from a layer allowed to make it is not.
import { ESLint } from 'eslint';
import { expect, test } from 'vitest';

const eslint = new ESLint();
async function boundaryErrors(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'import-x/no-restricted-paths' || m.ruleId === 'import-x/no-cycle');
}

test.each([
  ['engine/runtime/bad.ts', "import { Classifier } from '../../classify/classifier';\nexport const x = Classifier;"],
  ['classify/bad.ts', "import { Sequence } from '../engine/runtime/sequence';\nexport const x = Sequence;"],
  ['harmony/bad.ts', "import { Model } from '../engine/runtime/model';\nexport const x = Model;"],
  ['engine/gpu/bad.ts', "import { acquireNodeDevice } from '../../platform/node/node-gpu';\nexport const x = acquireNodeDevice;"],
  ['src/features/bad.ts', "import { Model } from '../../engine/runtime/model';\nexport const x = Model;"],
  ['src/features/bad2.ts', "import { WorkerClient } from '../../backends/local-webgpu/worker-client';\nexport const x = WorkerClient;"],
  ['backends/bad.ts', "import { App } from '../src/app/App';\nexport const x = App;"],
  ['widget/bad.ts', "import { App } from '../src/app/App';\nexport const x = App;"],
  ['widget/bad2.ts', "import { WorkerClient } from '../backends/local-webgpu/worker-client';\nexport const x = WorkerClient;"],
  ['src/features/bad3.ts', "import { createClassifier } from '../../widget/create-classifier';\nexport const x = createClassifier;"],
])('%s: the upward import is an error', async (file, code) => {
  const errors = await boundaryErrors(file, code);
  expect(errors.map((e) => e.ruleId)).toEqual(['import-x/no-restricted-paths']);
});

test('the same kinds of import from layers allowed to make them pass', async () => {
  expect(await boundaryErrors('backends/ok.ts', "import { Classifier } from '../classify/classifier';\nexport const x = Classifier;")).toEqual([]);
  expect(await boundaryErrors('widget/ok.ts', "import { guidanceFor } from '../src/ui/error-guidance';\nexport const x = guidanceFor;")).toEqual([]);
  expect(await boundaryErrors('classify/ok.ts', "import { HarmonyParser } from '../harmony/parser';\nexport const x = HarmonyParser;")).toEqual([]);
  expect(await boundaryErrors('engine/runtime/ok.test.ts', "import { acquireNodeDevice } from '../../platform/node/node-gpu';\nexport const x = acquireNodeDevice;")).toEqual([]);
});
