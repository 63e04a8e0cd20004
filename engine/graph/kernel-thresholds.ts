// Which kernel form a pass of T rows takes, where the forms differ in speed only (the same sums within float
// rounding): the thresholds and the measurements behind them. forward-plan.ts applies them; a run may override
// each (KernelChoices) for tests and the benchmark.

/**
 * From this many tokens the MoE groups the pass's slots by expert (moe-route), and the grouped kernels decode
 * each chosen expert's weights once per tile of its slots. Below it, per (token, expert): every row's experts
 * decoded for it alone, but in thousands of short workgroups. Since the 4-slot tiles split their inputs into
 * parts (tile-k-parts.ts) a grouped pass of few rows has enough workgroups too. Measured on an H100 (median pass,
 * per (token, expert) against 4-slot tiles in 4 parts): 4 rows 6.35 against 8.10 ms, 8 rows 9.36 against 10.43,
 * 16 rows 16.19 against 14.66, 24 rows 23.40 against 18.85; the lines cross at ~11 rows. At 12 rows (the tile
 * list's build, 2026-12-07): 13.63 against 13.19.
 */
export const GROUPED_MOE_MIN_TOKENS = 12;
/**
 * From this many tokens the grouped kernels use 16-slot tiles (prompts), below it 4-slot ones (12-63 rows give
 * each chosen expert ~1.5-8 slots, so a 16-slot tile would mostly multiply zeros).
 */
export const WIDE_TILES_MIN_TOKENS = 64;
/**
 * Per-(token, expert) passes of at most this many rows (all of them: they are fewer than GROUPED_MOE_MIN_TOKENS)
 * run no top-k dispatch: every gate/up workgroup picks its token's experts from the router logits (and writes
 * them for down), the combine works out the weights. The picking runs in each of a slot's workgroups, so it paid
 * only for passes of 1-3 rows until the workgroups made rounds of rows (expert-row-steps.ts). Measured on an H100
 * (kernels per batched pass, picking against the top-k dispatch): 4 rows 8.36 against 8.50 ms, 8 rows 12.15
 * against 12.44, 16 rows 20.77 against 20.95, 32 rows 37.14 against 37.24.
 */
export const PICK_EXPERTS_MAX_ROWS = GROUPED_MOE_MIN_TOKENS - 1;
/**
 * Per-(token, expert) passes of at most this many rows run the expert down projection and the routing-weighted
 * sum as one dispatch (moe-down-combine), where a layer's experts sit in one weight part and a token's experts
 * fit the workgroup's groups of lanes: one dispatch less per layer. Its workgroups read their activations from
 * memory for every round of rows instead of staging them once, which costs more than the dispatch saves from 4
 * rows on. Measured on an H100 (median pass, fused against two dispatches): 1 row 3.30 against 3.36 ms (GPU time
 * per decode token 3.49 → 3.41), 4 rows 6.61 against 6.39, 8 rows 9.97 against 9.40, 16 rows 17.1 against 16.3.
 */
export const FUSED_DOWN_MAX_ROWS = 3;
/**
 * Which kernel each linear runs for a pass of T rows: the matrix-vector one up to MATVEC_MAX_ROWS (its norm fused
 * in, a weight load serving four rows at a time), the skinny one up to SKINNY_MAX_ROWS (norm fused in, a weight
 * load serving a tile of 8 rows, 8 weight rows per workgroup), the tiled one above (prompts). The tiled figures
 * below are of its earlier 32-token × 64-row tiles; the 32 × 128 tiles (2026-12-07) take lm_head at 32 rows from
 * 1.87 to 1.37 ms per pass and are slower where a matrix has few rows (q/k/v at 32 rows: 3.4 → 4.9). Measured on an
 * H100 (batched decode, per pass, 24 layers): at 8 rows q/k/v 0.98 ms skinny against 1.31 matrix-vector and 3.39
 * tiled, o 0.68 against 1.02 and 4.65, lm_head 0.61 against 1.60 and 1.84, the router 0.59 against 0.45 and 3.19;
 * at 32 rows q/k/v 1.91 against 4.42 and 3.41, o 1.38 against 3.15 and 4.70, lm_head 2.04 against 6.94 and 1.86,
 * the router 0.56 against 1.04 and 3.22. The tiled kernel has few workgroups where the matrix has few rows (the
 * router: 1 per 32 tokens, 3.2 ms of a 128-token prompt chunk against 0.55 skinny), so the router never takes it.
 */
export const MATVEC_MAX_ROWS = { qkv: 4, o: 4, router: 8, lmHead: 4 } as const;
export const SKINNY_MAX_ROWS = { qkv: 64, o: 64, router: Infinity, lmHead: 24 } as const;
export type LinearName = keyof typeof MATVEC_MAX_ROWS;
export type LinearKernelName = 'matvec' | 'skinny' | 'tiled';

/**
 * The prompt attention kernel (passes too large for split-key attention): 'rows' (attention-rows.wgsl, a
 * workgroup's threads sharing each query's scores and sums over blocks of 4 rows; H100, a 512-token pass at 1k /
 * 4k / 8k context: 21.6 / 66.1 / 125.7 ms) or 'queries' (attention-queries.wgsl, a thread per query over blocks of
 * 16 rows: built and tested against the reference, not yet measured on a GPU).
 */
export type PromptAttention = 'rows' | 'queries';
export const PROMPT_ATTENTION: PromptAttention = 'rows';
