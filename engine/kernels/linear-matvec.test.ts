// Lanes per row of the matrix-vector kernel for the gpt-oss-20b matrices and for narrow test models
// (the kernel itself is checked against the reference in kernels.test.ts at each of these lane counts).
import { expect, test } from 'vitest';
import { matvecLanes } from './linear-matvec';

test('gpt-oss-20b: 32 lanes for q/k/v and lm_head, 64 for the o projection (enough workgroups), 128 for the router', () => {
  expect(matvecLanes(2880, 5120)).toBe(32);   // q/k/v: 1,280 workgroups
  expect(matvecLanes(4096, 2880)).toBe(64);   // o: 720 workgroups at 32 lanes, 1,440 at 64
  expect(matvecLanes(2880, 32)).toBe(128);    // router: a workgroup per row (2.8 loads per lane)
  expect(matvecLanes(2880, 201088)).toBe(32); // lm_head
});

test('narrow rows keep at least 2 loads per lane', () => {
  expect(matvecLanes(64, 300)).toBe(4);    // 8 loads of 8 values per row
  expect(matvecLanes(256, 300)).toBe(16);
  expect(matvecLanes(8, 5)).toBe(1);       // one load: no reduction at all
});
