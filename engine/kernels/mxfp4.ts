import type { Capabilities } from '../gpu/capabilities';
import common from './mxfp4.wgsl?raw';
import half from './mxfp4-half.wgsl?raw';
import table from './mxfp4-table.wgsl?raw';

/** MXFP4 decoding for the expert kernels: through f16 subnormals where the device keeps them (no table loads), else a table in workgroup memory. */
export const mxfp4Wgsl = (caps: Capabilities): string[] => [common, caps.f16Subnormals ? half : table];
