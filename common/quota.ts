// Storage quota failures, told apart from other IndexedDB errors (the model cache and the policy library both write).
/** The browser refused a write for lack of space (Chrome sometimes reports it as an UnknownError). */
export function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  return name === 'QuotaExceededError' || (name === 'UnknownError' && /quota|space/i.test(String((error as Error).message)));
}
