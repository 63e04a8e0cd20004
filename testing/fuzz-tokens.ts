// Random token runs for fuzz tests of the harmony parser and the verdict parsers: mostly special and
// structural tokens (so channels and messages open and close in every order), some arbitrary vocabulary ids.
const POOL = [199998, 199999, 200002, 200003, 200005, 200006, 200007, 200008, 200012, 200018, 0, 15, 16, 17196, 35644, 173781, 201087];

export function* fuzzTokenRuns(runs: number, seed = 12345): Generator<number[]> {
  let s = seed;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let run = 0; run < runs; run++) {
    yield Array.from({ length: Math.floor(rand() * 40) }, () => (rand() < 0.6 ? POOL[Math.floor(rand() * POOL.length)] : Math.floor(rand() * 201088)));
  }
}
