// An expert's list of slots (moe-route groups the pass's slots by expert), for the grouped expert kernels.

// x = start of the expert's list, y = its length.
var<workgroup> list_info: vec2<u32>;

// Reads the expert's list bounds through workgroup memory, so the early exit that follows is provably uniform
// (the loops after it have barriers). workgroupUniformLoad is also a barrier: the value table init_fp4 wrote
// before it is ready after it.
fn expert_list(e: u32, lid: u32) -> vec2<u32> {
  if (lid == 0u) { list_info = vec2<u32>(offsets[e], offsets[e + 1u] - offsets[e]); }
  return workgroupUniformLoad(&list_info);
}
