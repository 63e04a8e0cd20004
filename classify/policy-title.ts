/** A policy's title: its first "# " heading, or `fallback`. */
export function policyTitle(text: string, fallback: string): string {
  return text.match(/^#\s+(.+)$/m)?.[1].trim() || fallback;
}
