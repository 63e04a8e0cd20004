// Checks a server URL typed by the user at once: not a URL, or a host this site's security policy blocks.
import { normaliseBaseUrl } from '../../../backends/remote-openai/server-config';
import { sourcesAllow } from '../../app/content-security-policy';

/** Why the text is not a usable server base URL here, or null. `connectSources`: the page's CSP connect-src. */
export function serverUrlProblem(text: string, connectSources: string[] | null, self = location.origin): string | null {
  const base = normaliseBaseUrl(text);
  if ('problem' in base) return base.problem;
  const url = new URL(base.url);
  if (connectSources && !sourcesAllow(connectSources, url, self)) {
    return `This site's Content-Security-Policy does not allow connections to ${url.origin} (it keeps content from going anywhere not listed). Whoever hosts this site adds the server when building it: SAFEGUARD_MODEL_HOSTS=${url.origin}.`;
  }
  return null;
}
