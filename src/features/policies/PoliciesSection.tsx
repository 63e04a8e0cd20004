// The Policies section: every policy this browser offers (the presets and the user's own) in a list, the chosen
// one in a large editor with its length and answer format, and managing saved policies (new, duplicate, rename,
// delete, import and export Markdown). The editor is the same one the Classify section uses.
import { formatName, outputFormatOf } from '../../../classify/formats/output-format';
import { PRESET_POLICIES } from './policies';
import { PolicyActions } from './PolicyActions';
import { presetKey, TEMPLATE_KEY, type PolicyEditor, type PolicySourceKey } from './usePolicyEditor';
import { policyTokensText, usePolicyTokens } from './usePolicyTokens';

interface Props {
  editor: PolicyEditor;
  ready: boolean;
  countTokens: (text: string) => Promise<number>;
  onUse: () => void;
}

const STATUS = { saved: 'saved in this browser', saving: 'saving…', preset: 'preset', 'preset-edited': 'edited preset (a draft kept in this browser)' } as const;

export function PoliciesSection({ editor, ready, countTokens, onUse }: Props) {
  const tokens = usePolicyTokens(editor.text, ready, countTokens);
  const format = outputFormatOf(editor.text);
  const item = (key: PolicySourceKey, name: string, detail: string) => (
    <li key={key}>
      <button type="button" className={`run-item${editor.source === key ? ' selected' : ''}`} aria-current={editor.source === key ? 'true' : undefined} onClick={() => void editor.select(key)}>
        <span className="run-name">{name}</span>
        <span className="detail">{detail}</span>
      </button>
    </li>
  );

  return (
    <div className="batch-layout policies-section">
      <nav className="run-list" aria-label="Policy library">
        <h3>My policies</h3>
        {editor.saved.length === 0 ? <p className="detail">None yet: duplicate a preset, start a new one, or import Markdown.</p> : (
          <ul>{editor.saved.map((p) => item(`saved:${p.id}`, p.name, `edited ${new Date(p.updatedAt).toLocaleString()}`))}</ul>
        )}
        <h3>Presets</h3>
        <ul>
          {PRESET_POLICIES.map((p) => item(presetKey(p), p.title, `${p.examples.length} labelled examples`))}
          {item(TEMPLATE_KEY, 'Blank template', 'the structure the guide recommends')}
        </ul>
      </nav>
      <section className="batch-main" aria-label="Policy">
        <div className="row run-title">
          <h2>{editor.currentName || 'Policy'}</h2>
          <span className="detail">{STATUS[editor.status]}</span>
          <span className="spacer" />
          <button type="button" className="primary" onClick={onUse}>Classify with this policy</button>
        </div>
        <PolicyActions key={editor.source} editor={editor} />
        {editor.status === 'preset-edited' && <p className="detail">Duplicate keeps your edits as a policy of your own; the preset itself never changes.</p>}
        <label className="block">
          Policy text
          <textarea aria-label="Policy" rows={26} value={editor.text} onChange={(e) => editor.setText(e.target.value)} spellCheck={false} />
        </label>
        <p className="detail" data-testid="policy-facts">
          {[policyTokensText(tokens) || (ready ? 'counting tokens…' : 'token count once a model is ready'), `${editor.text.length.toLocaleString('en')} characters`,
            format ? `answer format: ${formatName(format)}` : 'no standard OUTPUT FORMAT section (the Classify section can add one)'].join(' · ')}
        </p>
      </section>
    </div>
  );
}
