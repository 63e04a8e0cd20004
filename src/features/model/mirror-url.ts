// Checks a download source typed by the user, so a typo (or a host this site's security policy blocks) is named at
// once instead of failing a minute later.
import { sourcesAllow } from '../../app/content-security-policy';

/** Why the text is not a usable mirror base URL, or null when it is. `connectSources`: the page's CSP connect-src. */
export function mirrorUrlProblem(text: string, connectSources: string[] | null = null, self = location.origin): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return 'This is not a URL. Enter the mirror\'s address, e.g. https://huggingface.co or https://models.example.org/hf.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${url.protocol} is not supported: the mirror must be an http(s) URL.`;
  if (url.search || url.hash) return 'Leave out the ?query and #fragment: give only the base address the mirror serves the Hub layout under.';
  if (connectSources && !sourcesAllow(connectSources, url, self)) {
    return `This site's Content-Security-Policy does not allow connections to ${url.origin} (it keeps your content from going anywhere else). Whoever hosts this site adds the mirror when building it: SAFEGUARD_MODEL_HOSTS=${url.origin}.`;
  }
  return null;
}
