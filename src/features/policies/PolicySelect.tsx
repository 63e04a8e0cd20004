// Choosing the policy to classify with (presets, the blank template, the user's saved policies) and whether the
// editor's text is saved, a preset, or an edited preset's draft.
import { PRESET_POLICIES } from './policies';
import { presetKey, TEMPLATE_KEY, type PolicyEditor } from './usePolicyEditor';

const STATUS_TEXT = {
  saved: 'Saved in this browser',
  saving: 'Saving…',
  preset: 'Preset',
  'preset-edited': 'Edited preset: your draft is kept in this browser. Duplicate it (under Policies) to make it your own policy, or revert.',
} as const;

export function PolicySelect({ editor, onManage }: { editor: PolicyEditor; onManage: () => void }) {
  return (
    <div className="policy-picker">
      <div className="row">
        <label>
          Policy{' '}
          <select aria-label="Policy source" value={editor.source} onChange={(e) => void editor.select(e.target.value)}>
            <optgroup label="Presets">
              {PRESET_POLICIES.map((p) => <option key={p.id} value={presetKey(p)}>{p.title}</option>)}
              <option value={TEMPLATE_KEY}>Blank template</option>
            </optgroup>
            {editor.saved.length > 0 && (
              <optgroup label="My policies">
                {editor.saved.map((p) => <option key={p.id} value={`saved:${p.id}`}>{p.name}</option>)}
              </optgroup>
            )}
          </select>
        </label>
        <span className={editor.status === 'preset-edited' ? 'status-edited' : 'detail'} data-testid="policy-status" data-status={editor.status}>{STATUS_TEXT[editor.status]}</span>
        {editor.status === 'preset-edited' && <button type="button" onClick={editor.revertPreset}>Revert to preset</button>}
        <button type="button" className="link-button" onClick={onManage}>Manage policies</button>
      </div>
    </div>
  );
}
