// The precision/recall curve as a small SVG: recall on x, precision on y, the chosen threshold as a dot.
import type { CurvePoint } from '../../../classify/batch/metrics';

const W = 220;
const H = 160;
const PAD = 28;

export function PrCurve({ points, current }: { points: CurvePoint[]; current: { precision: number | null; recall: number | null } }) {
  const x = (r: number) => PAD + r * (W - PAD - 8);
  const y = (p: number) => H - PAD - p * (H - PAD - 8);
  const path = points.filter((p) => p.precision !== null && p.recall !== null).map((p, i) => `${i ? 'L' : 'M'}${x(p.recall!).toFixed(1)},${y(p.precision!).toFixed(1)}`).join(' ');
  return (
    <svg className="pr-curve" width={W} height={H} role="img" aria-label={`Precision-recall curve over ${points.length} thresholds`}>
      <line x1={PAD} y1={H - PAD} x2={W - 8} y2={H - PAD} className="axis" />
      <line x1={PAD} y1={8} x2={PAD} y2={H - PAD} className="axis" />
      <text x={W / 2} y={H - 6} textAnchor="middle">recall</text>
      <text x={PAD - 4} y={12} textAnchor="end">1</text>
      <text x={PAD - 4} y={H - PAD} textAnchor="end">0</text>
      <text x={W - 8} y={H - PAD + 12} textAnchor="end">1</text>
      <text x={10} y={H / 2} textAnchor="middle" transform={`rotate(-90 10 ${H / 2})`}>precision</text>
      <path d={path} className="curve" />
      {points.filter((p) => p.precision !== null && p.recall !== null).map((p) => <circle key={p.threshold} cx={x(p.recall!)} cy={y(p.precision!)} r={2.5} className="point" />)}
      {current.precision !== null && current.recall !== null && <circle cx={x(current.recall)} cy={y(current.precision)} r={4} className="dot" />}
    </svg>
  );
}
