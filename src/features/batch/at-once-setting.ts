// How many items a batch classifies at once, as the user set it (kept in this browser). 'auto': the backend
// decides (this GPU: as many as its memory holds, up to 8; a server: 4 requests at once).
const KEY = 'safeguard.batch.atOnce';
export const AT_ONCE_CHOICES = ['auto', 1, 2, 4, 8, 16, 32] as const;
export type AtOnce = (typeof AT_ONCE_CHOICES)[number];

export function readAtOnce(): AtOnce {
  const saved = localStorage.getItem(KEY);
  const n = Number(saved);
  return AT_ONCE_CHOICES.find((c) => c === n) ?? 'auto';
}

export function saveAtOnce(value: AtOnce) {
  if (value === 'auto') localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, String(value));
}

/** The concurrency to ask the backend for (undefined: its own choice). */
export const concurrencyOf = (value: AtOnce): number | undefined => (value === 'auto' ? undefined : value);
