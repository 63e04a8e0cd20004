// Checks a download source typed by the user, so a typo is named at once instead of failing a minute later.

/** Why the text is not a usable mirror base URL, or null when it is. */
export function mirrorUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return 'This is not a URL. Enter the mirror\'s address, e.g. https://huggingface.co or https://models.example.org/hf.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${url.protocol} is not supported: the mirror must be an http(s) URL.`;
  if (url.search || url.hash) return 'Leave out the ?query and #fragment: give only the base address the mirror serves the Hub layout under.';
  return null;
}
