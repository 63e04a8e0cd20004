// Per-kernel GPU time of one forward pass, for the benchmark: every dispatch gets its own compute pass with
// timestamp writes (WebGPU only times whole passes). Needs the 'timestamp-query' feature.
import { pickLinearKernel, type Dispatch, type ForwardPlan } from '../model/forward';
import { keepAlive } from '../gpu/keep-alive';

export async function profilePass(device: GPUDevice, plan: ForwardPlan, tokens: number, logitRows: number, pos0: number): Promise<Map<string, number>> {
  const all: Dispatch[] = [...plan.embed, ...plan.layers.flat(), ...plan.finalNorm, ...(logitRows > 0 ? plan.lmHead : [])].filter(
    (d) => !d.when || d.when(tokens),
  );
  const querySet = device.createQuerySet({ type: 'timestamp', count: all.length * 2 });
  const resolve = device.createBuffer({ size: all.length * 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
  const read = device.createBuffer({ size: all.length * 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder();
  const names: string[] = [];
  all.forEach((d, i) => {
    const n = d.rows === 'tokens' ? tokens : logitRows;
    const kernel = 'pipeline' in d.kernel ? d.kernel : pickLinearKernel(d.kernel, n);
    names.push(kernel.name);
    const pass = encoder.beginComputePass({ timestampWrites: { querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 } });
    pass.setPipeline(kernel.pipeline);
    pass.setBindGroup(0, d.bindGroup);
    pass.dispatchWorkgroups(...d.grid(tokens, logitRows, pos0));
    pass.end();
  });
  encoder.resolveQuerySet(querySet, 0, all.length * 2, resolve, 0);
  encoder.copyBufferToBuffer(resolve, 0, read, 0, all.length * 16);
  device.queue.submit([encoder.finish()]);
  await keepAlive(read.mapAsync(GPUMapMode.READ));
  const stamps = new BigUint64Array(read.getMappedRange());
  const totals = new Map<string, number>();
  names.forEach((name, i) => totals.set(name, (totals.get(name) ?? 0) + Number(stamps[2 * i + 1] - stamps[2 * i]) / 1e6));
  read.unmap();
  for (const b of [resolve, read]) b.destroy();
  querySet.destroy();
  return totals;
}
