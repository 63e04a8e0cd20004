// What the benchmark measured, and what it means for a real verdict. Extrapolated figures say so.
import type { DeviceBenchResult } from '../../backends/local-webgpu/bench-protocol';
import { formatBytes } from '../ui/format';

const fixed = (v: number, digits = 0) => v.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function BenchResults({ result, adapter }: { result: DeviceBenchResult; adapter: string }) {
  const { verdict } = result.options;
  const [shallow, deep] = [result.layersMeasured[0], result.layersMeasured.at(-1)!];
  return (
    <section aria-label="Benchmark results" data-testid="bench-results" data-extrapolated={result.extrapolated}>
      <h2>Results on {adapter}</h2>
      {result.extrapolated && (
        <p className="notice" data-testid="bench-extrapolated">
          <strong>Extrapolated.</strong> This GPU had room for {deep} of the model’s {result.layersTotal} layers
          {result.layersMeasured.length > 1 ? `; they were measured at ${shallow} and ${deep} layers and extended in a straight line to all ${result.layersTotal}` : `; the figures are scaled from ${deep} to ${result.layersTotal} layers`}.
          The whole model would not fit here: {formatBytes(result.modelBytes)} of GPU memory is needed.
        </p>
      )}
      <div className="metric-cards">
        <Metric testId="bench-decode" value={fixed(result.decodeTokensPerS, 1)} unit="tokens/s" label={`decode at ~${fixed(result.options.promptTokens)} tokens of context`} />
        <Metric testId="bench-prefill" value={fixed(result.prefillTokensPerS)} unit="tokens/s" label={`prefill of a ${fixed(result.options.promptTokens)}-token prompt`} />
        <Metric testId="bench-verdict" value={fixed(result.verdictMs / 1000, 2)} unit="s" label="per verdict (below)" />
        <Metric testId="bench-bandwidth" value={fixed(result.readBandwidthBytesPerS / 1e9)} unit="GB/s" label="measured read bandwidth" />
        <Metric testId="bench-fraction" value={fixed(result.bandwidthFraction * 100, 1)} unit="%" label="of that bandwidth used by decode" />
        <Metric testId="bench-memory" value={formatBytes(result.modelBytes)} unit="" label="GPU memory for the model" />
      </div>
      <p className="detail">
        A verdict here: a {fixed(verdict.policyTokens)}-token policy already cached (restored from its snapshot), {fixed(verdict.contentTokens)} tokens of
        content prefilled, then {fixed(verdict.generatedTokens)} tokens of reasoning and answer decoded one at a time, as the classifier runs it. Longer
        policies only cost once per session; longer reasoning costs about {fixed(result.decodeMsPerToken, 1)} ms per token.
      </p>
      <p className="detail">
        Synthetic weights in the model’s exact layout and data types (MXFP4 experts, bf16 attention), so the speed is the real model’s; the answers
        would not be. Measured {result.layersMeasured.length > 1 ? `at ${result.layersMeasured.join(' and ')} layers` : `with all ${result.layersTotal} layers`}.
      </p>
    </section>
  );
}

function Metric({ testId, value, unit, label }: { testId: string; value: string; unit: string; label: string }) {
  return (
    <div className="metric" data-testid={testId}>
      <div className="metric-value">
        {value} <span className="metric-unit">{unit}</span>
      </div>
      <div className="metric-label">{label}</div>
    </div>
  );
}
