// The server a classification goes to: its URL, model name and API key, a connection test (it lists the server's
// models, sending no content), and what the server offers.
import { useState } from 'react';
import type { RemoteStatus } from '../../../backends/remote-openai/remote-backend';
import { connectSources } from '../../app/content-security-policy';
import type { Settings } from '../../app/settings';
import { ErrorPanel } from '../../ui/ErrorPanel';
import { serverUrlProblem } from './server-url';

interface Props {
  status: RemoteStatus;
  settings: Settings;
  onSettings: (s: Settings) => void;
  onTest: () => void;
}

export function ServerPanel({ status, settings, onSettings, onTest }: Props) {
  const [draft, setDraft] = useState(settings.server);
  const problem = draft.baseUrl.trim() ? serverUrlProblem(draft.baseUrl, connectSources()) : null;
  const changed = JSON.stringify(draft) !== JSON.stringify(settings.server);
  const connect = () => (changed ? onSettings({ ...settings, server: { ...draft, baseUrl: draft.baseUrl.trim(), model: draft.model.trim() } }) : onTest());
  const testing = status.phase === 'starting';

  return (
    <section aria-label="Server" className="model-panel server-panel">
      <h2>Server</h2>
      <form className="server-form" onSubmit={(e) => {
        e.preventDefault();
        if (!problem && draft.baseUrl.trim()) connect();
      }}>
        <label className="block">
          Server URL
          <input type="url" value={draft.baseUrl} placeholder="http://localhost:8000/v1" aria-invalid={problem !== null} aria-describedby="server-url-problem" autoComplete="url"
            onChange={(e) => setDraft({ ...draft, baseUrl: e.target.value })} />
        </label>
        <label className="block">
          Model name
          <input value={draft.model} placeholder="openai/gpt-oss-safeguard-20b" list="server-models" autoComplete="off"
            onChange={(e) => setDraft({ ...draft, model: e.target.value })} />
          <datalist id="server-models">{status.models.map((m) => <option key={m} value={m} />)}</datalist>
        </label>
        <label className="block">
          API key (optional)
          <input type="password" value={draft.apiKey} autoComplete="off" aria-describedby="server-key-note" onChange={(e) => setDraft({ ...draft, apiKey: e.target.value })} />
        </label>
        <p className="detail server-key-note" id="server-key-note">The key is kept in this browser only and sent only to this server.</p>
        <div className="row buttons">
          <button type="submit" disabled={problem !== null || !draft.baseUrl.trim() || testing}>{changed ? 'Connect' : 'Test connection'}</button>
        </div>
      </form>
      {problem && <p className="problem-inline" id="server-url-problem" role="alert" data-testid="server-url-problem">{problem}</p>}
      <p data-testid="server-state" data-phase={status.phase}>{serverStateText(status, settings)}</p>
      {status.error && <ErrorPanel name={status.error.name} message={status.error.message} testId="server-error" />}
      <p className="detail">
        The server renders the prompt and runs the model; the verdict is read here the same way as in the browser. The label
        probability needs the server to return logprobs (vLLM and safeguard serve do). Scaling out: docs/scaling.md.
      </p>
    </section>
  );
}

/** The connection's state in one line (also shown in the Classify section's model line). */
export function serverStateText(status: RemoteStatus, settings: Settings): string {
  if (!settings.server.baseUrl) return 'Enter the address of an OpenAI-compatible server and the model it serves, then Connect.';
  const { host, model } = status.server;
  switch (status.phase) {
    case 'starting':
      return `Testing the connection to ${host}…`;
    case 'ready':
      return `Connected to ${host}: it serves ${model}${status.models.length > 1 ? ` (and ${status.models.length - 1} other model${status.models.length > 2 ? 's' : ''})` : ''}.`;
    case 'unavailable':
      return `Not connected to ${host}.`;
    default:
      return `Not tested yet: press Test connection.`;
  }
}
