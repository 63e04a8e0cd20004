// Cutting content that does not fit the context, visibly: the end is replaced by a marker that says how much was
// removed, so neither the reviewer nor the model mistakes the excerpt for the whole item.

export const truncationMarker = (removedChars: number) => `\n[… ${removedChars.toLocaleString('en')} characters removed by Safeguard to fit the context …]`;

/**
 * Content cut to about `fitTokens` tokens, from its token count now (`contentTokens`). Tokens per character vary,
 * so the cut keeps a 5 % margin; the caller measures again and may cut once more.
 */
export function truncateToFit(content: string, contentTokens: number, fitTokens: number): string {
  if (contentTokens <= fitTokens) return content;
  const markerTokens = 24;
  const keepFraction = Math.max(0, (fitTokens - markerTokens) / contentTokens) * 0.95;
  let keep = Math.floor(content.length * keepFraction);
  if (keep > 0 && /[\uD800-\uDBFF]/.test(content[keep - 1])) keep--; // never split a surrogate pair
  return content.slice(0, keep) + truncationMarker(content.length - keep);
}
