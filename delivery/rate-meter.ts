// Download rate over a sliding window (bytes/s) and the ETA it implies.
const WINDOW_MS = 5000;

export class RateMeter {
  private readonly samples: { t: number; bytes: number }[] = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  add(bytes: number) {
    const t = this.now();
    this.samples.push({ t, bytes });
    while (this.samples.length > 1 && t - this.samples[0].t > WINDOW_MS) this.samples.shift();
  }

  rate(): number {
    if (this.samples.length === 0) return 0;
    const span = Math.max(this.now() - this.samples[0].t, 250);
    const bytes = this.samples.reduce((a, s) => a + s.bytes, 0);
    return Math.max(0, (bytes / span) * 1000);
  }

  eta(remainingBytes: number): number | null {
    const rate = this.rate();
    return rate > 0 ? remainingBytes / rate : null;
  }
}
