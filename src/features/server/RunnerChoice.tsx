// Where the model runs: this browser's GPU (nothing leaves the machine) or an OpenAI-compatible server (content is
// sent to it). A radio group, so the keyboard moves between the two as in any native form.
import type { Runner, Settings } from '../../app/settings';

export function RunnerChoice({ settings, onSettings, disabled }: { settings: Settings; onSettings: (s: Settings) => void; disabled: boolean }) {
  const choose = (runner: Runner) => onSettings({ ...settings, runner });
  return (
    <fieldset className="runner-choice" disabled={disabled}>
      <legend>Where the model runs</legend>
      <label>
        <input type="radio" name="runner" value="browser" checked={settings.runner === 'browser'} onChange={() => choose('browser')} />
        <span><strong>This browser</strong> <span className="detail">on your GPU; nothing you type leaves this machine</span></span>
      </label>
      <label>
        <input type="radio" name="runner" value="server" checked={settings.runner === 'server'} onChange={() => choose('server')} />
        <span><strong>A server</strong> <span className="detail">vLLM, LM Studio, Ollama or safeguard serve; what you classify is sent to it</span></span>
      </label>
    </fieldset>
  );
}
