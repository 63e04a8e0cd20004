// Preset policies: the Markdown files in policies/ (bundled at build time), each with its labelled example set
// (policies/<id>.examples.json), and the blank template from the safeguard guide's structure.
import { policyTitle } from '../../../classify/policy-title';

export interface LabelledExample {
  content: string;
  /** 1 = violates the policy, 0 = does not. */
  label: 0 | 1;
  /** Rule ids that make it a violation (empty for 0). */
  rules: string[];
}

export interface PresetPolicy {
  id: string;
  title: string;
  text: string;
  examples: LabelledExample[];
}

const texts = import.meta.glob('../../../policies/*.md', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const exampleSets = import.meta.glob('../../../policies/*.examples.json', { import: 'default', eager: true }) as Record<string, LabelledExample[]>;

const fileId = (path: string) => path.split('/').pop()!.replace(/(\.examples)?\.(md|json)$/, '');

export { policyTitle };

export const PRESET_POLICIES: PresetPolicy[] = Object.entries(texts)
  .map(([path, text]) => {
    const id = fileId(path);
    const examples = Object.entries(exampleSets).find(([p]) => fileId(p) === id)?.[1] ?? [];
    return { id, title: policyTitle(text, id), text, examples };
  })
  .sort((a, b) => a.title.localeCompare(b.title));

export { default as BLANK_TEMPLATE } from '../../../policies/templates/blank.md?raw';
