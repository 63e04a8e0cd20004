// The policy's length in the model's own tokens (counted in the worker, debounced while typing), and whether it
// is inside the length the safeguard guide recommends.
import { useEffect, useState } from 'react';

/** The safeguard guide's best policy length. */
export const GUIDE_RANGE = [400, 600] as const;

export function usePolicyTokens(policy: string, ready: boolean, countTokens: (text: string) => Promise<number>): number | null {
  const [tokens, setTokens] = useState<number | null>(null);
  useEffect(() => {
    if (!ready) return setTokens(null);
    let stale = false;
    const timer = setTimeout(() => countTokens(policy).then((n) => !stale && setTokens(n), () => !stale && setTokens(null)), 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [policy, ready, countTokens]);
  return tokens;
}

/** "512 tokens", with the guide's range added when outside it; empty while unknown. */
export function policyTokensText(tokens: number | null): string {
  if (tokens === null) return '';
  const outside = tokens < GUIDE_RANGE[0] || tokens > GUIDE_RANGE[1];
  return `${tokens} tokens${outside ? ` (the guide recommends ${GUIDE_RANGE[0]}–${GUIDE_RANGE[1]})` : ''}`;
}
