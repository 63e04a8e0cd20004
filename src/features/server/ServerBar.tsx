// The server line at the top of the Classify section in server mode: where content goes and whether the server
// answered; its address, model and key are set in the Model section.
import type { RemoteStatus } from '../../../backends/remote-openai/remote-backend';
import type { Settings } from '../../app/settings';
import { serverStateText } from './ServerPanel';

export function ServerBar({ status, settings, onOpenModel }: { status: RemoteStatus; settings: Settings; onOpenModel: () => void }) {
  return (
    <div className="model-bar" role="group" aria-label="Server status" data-testid="server-bar" data-phase={status.phase}>
      <span className="model-name">{settings.server.model || 'Server'}</span>
      <span className="model-bar-state">{serverStateText(status, settings)}</span>
      <button type="button" className="link-button" onClick={onOpenModel}>Server settings</button>
    </div>
  );
}
