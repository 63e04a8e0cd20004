// gpt-oss-20b's config.json as published by OpenAI (gpt-oss-safeguard-20b is a fine-tune of the same
// architecture). Used by the benchmark and the memory-plan test; a real load always reads the model's own file.
export const GPT_OSS_20B = {
  architectures: ['GptOssForCausalLM'], model_type: 'gpt_oss', hidden_size: 2880, num_hidden_layers: 24,
  num_attention_heads: 64, num_key_value_heads: 8, head_dim: 64, num_local_experts: 32, num_experts_per_tok: 4,
  experts_per_token: 4, intermediate_size: 2880, vocab_size: 201088, sliding_window: 128,
  layer_types: Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? 'sliding_attention' : 'full_attention')),
  max_position_embeddings: 131072, initial_context_length: 4096, rope_theta: 150000,
  rope_scaling: { rope_type: 'yarn', factor: 32.0, beta_fast: 32.0, beta_slow: 1.0, original_max_position_embeddings: 4096, truncate: false },
  rms_norm_eps: 1e-5, swiglu_limit: 7.0, attention_bias: true, tie_word_embeddings: false, eos_token_id: 200002, pad_token_id: 199999,
  quantization_config: { quant_method: 'mxfp4', modules_to_not_convert: ['model.layers.*.self_attn', 'model.layers.*.mlp.router', 'model.embed_tokens', 'lm_head'] },
};
