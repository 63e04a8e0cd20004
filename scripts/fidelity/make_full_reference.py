"""Full-size fidelity harness, reference half (run on the GPU machine, where torch + transformers live).

Makes a random checkpoint in the exact gpt-oss-20b layout (24 layers, 3 shards + index, bf16 attention and
lm_head, MXFP4 experts with realistic E8M0 scales) and computes Hugging Face transformers' float32 logits
(TF32 off) for every position of a prompt longer than the 128-token sliding window, the greedy continuation,
and each position's router margin (smallest gap between the 4th and 5th expert logit over all layers).

  python3 scripts/fidelity/make_full_reference.py OUT_DIR [--layers 24] [--prompt 200] [--greedy 16] [--offload-experts]

The float32 model is about 84 GB, 76 of it the dense experts. On a GPU with less memory (an H100's 80 GB) the
experts' float32 weights stay in CPU memory and each layer's are copied to the GPU for its forward only
(--offload-experts, the default there): the same values and the same GPU arithmetic, only slower.

Writes into OUT_DIR: config.json, model-0000{0,1,2}-of-00002.safetensors, model.safetensors.index.json,
reference.json (ids, greedy, margins, versions) and logits.f32 ([prompt, vocab] float32, little-endian).
compare-full.ts then runs our engine on the same folder and compares.
"""
import argparse, gc, json, math, os, time
import numpy as np
import torch
from safetensors.torch import save_file
from transformers import GptOssConfig, GptOssForCausalLM
from transformers.integrations.mxfp4 import convert_moe_packed_tensors

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--layers", type=int, default=24)
ap.add_argument("--prompt", type=int, default=200)
ap.add_argument("--greedy", type=int, default=16)
ap.add_argument("--seed", type=int, default=7)
ap.add_argument("--offload-experts", action=argparse.BooleanOptionalAction, default=None,
                help="keep the experts' float32 weights in CPU memory (default: when the GPU has under 100 GiB)")
args = ap.parse_args()
os.makedirs(args.out, exist_ok=True)

# The reference is plain float32: no TF32 anywhere.
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
torch.set_float32_matmul_precision("highest")
dev = "cuda"
L = args.layers
cfg = {
    "architectures": ["GptOssForCausalLM"], "model_type": "gpt_oss", "attention_bias": True, "attention_dropout": 0.0,
    "eos_token_id": 200002, "pad_token_id": 199999, "experts_per_token": 4, "num_experts_per_tok": 4, "head_dim": 64,
    "hidden_act": "silu", "hidden_size": 2880, "initial_context_length": 4096, "initializer_range": 0.02,
    "intermediate_size": 2880, "layer_types": ["sliding_attention" if i % 2 == 0 else "full_attention" for i in range(L)],
    "max_position_embeddings": 131072, "num_attention_heads": 64, "num_hidden_layers": L, "num_key_value_heads": 8,
    "num_local_experts": 32, "output_router_logits": False,
    "quantization_config": {"quant_method": "mxfp4", "modules_to_not_convert": [
        "model.layers.*.self_attn", "model.layers.*.mlp.router", "model.embed_tokens", "lm_head"]},
    "rms_norm_eps": 1e-05,
    "rope_scaling": {"beta_fast": 32.0, "beta_slow": 1.0, "factor": 32.0, "original_max_position_embeddings": 4096,
                     "rope_type": "yarn", "truncate": False},
    "rope_theta": 150000, "router_aux_loss_coef": 0.9, "sliding_window": 128, "swiglu_limit": 7.0,
    "tie_word_embeddings": False, "use_cache": True, "vocab_size": 201088,
}
H, I, E = cfg["hidden_size"], cfg["intermediate_size"], cfg["num_local_experts"]
D, NQ, NKV, V = cfg["head_dim"], cfg["num_attention_heads"], cfg["num_key_value_heads"], cfg["vocab_size"]

t0 = time.time()
c = GptOssConfig(**{k: v for k, v in cfg.items() if k not in ("quantization_config", "architectures")})
c._attn_implementation = "eager"
c._experts_implementation = "eager"
offload = args.offload_experts
if offload is None:
    offload = torch.cuda.get_device_properties(0).total_memory < 100 * 2**30


def offload_experts(model):
    """Experts' parameters live on the CPU; each experts module gets its own on the GPU only during its forward."""
    for name, param in model.named_parameters():
        if ".mlp.experts." not in name:
            param.data = param.data.to(dev)
    for buf in model.buffers():
        buf.data = buf.data.to(dev)
    for layer in model.model.layers:
        experts = layer.mlp.experts
        on_cpu = {n: p.data for n, p in experts.named_parameters()}

        def to_gpu(module, _inputs, on_cpu=on_cpu):
            for n, p in module.named_parameters():
                p.data = on_cpu[n].to(dev)

        def to_cpu(module, _inputs, _output, on_cpu=on_cpu):
            for n, p in module.named_parameters():
                p.data = on_cpu[n]

        experts.register_forward_pre_hook(to_gpu)
        experts.register_forward_hook(to_cpu)


class SkipInit(torch.overrides.TorchFunctionMode):
    """Weight initialisation does nothing: every parameter is overwritten below (checked after). Initialising the
    experts' 76 GB in CPU memory, through the CPU's one random generator, took 210 of an H100's 404 s."""

    RANDOM_FILLS = {"normal_", "uniform_", "trunc_normal_", "kaiming_uniform_", "kaiming_normal_",
                    "xavier_uniform_", "xavier_normal_", "orthogonal_"}

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if getattr(func, "__module__", None) == "torch.nn.init" or getattr(func, "__name__", "") in self.RANDOM_FILLS:
            return kwargs.get("tensor", args[0] if args else None)
        return func(*args, **kwargs)


def build():
    if offload:
        built = GptOssForCausalLM(c).float().eval()
        offload_experts(built)
        return built
    with torch.device(dev):
        return GptOssForCausalLM(c).float().eval()


try:
    with SkipInit():
        model = build()
except Exception as error:  # an init path this mode does not handle: build the slow way
    print(f"building without initialisation failed ({error!r}); initialising", flush=True)
    gc.collect()  # the failed build's CPU memory, before a second 84 GB
    model = build()
print(f"model built ({'experts offloaded to the CPU' if offload else 'all on the GPU'}) in {time.time() - t0:.0f} s", flush=True)
gen = torch.Generator(device=dev).manual_seed(args.seed)
stored = {}  # name -> CPU tensor as it goes into the checkpoint


def normal(shape, scale, offset=0.0):
    return (torch.randn(shape, generator=gen, device=dev) * scale + offset).to(torch.bfloat16)


written = set()  # model parameters given their values


def put(name, value):
    """value in checkpoint dtype on the GPU: stored for the file, widened exactly into the model parameter."""
    stored[name] = value.cpu()
    if name.endswith("_blocks") or name.endswith("_scales"):
        return
    written.add(name)
    p = model.get_parameter(name)
    assert tuple(p.shape) == tuple(value.shape), (name, p.shape, value.shape)
    with torch.no_grad():
        p.copy_(value.float())


put("model.embed_tokens.weight", normal((V, H), 1.0))
put("lm_head.weight", normal((V, H), 1.0 / math.sqrt(H)))
put("model.norm.weight", normal((H,), 0.1, 1.0))
for l in range(L):
    p = f"model.layers.{l}."
    put(p + "input_layernorm.weight", normal((H,), 0.1, 1.0))
    put(p + "post_attention_layernorm.weight", normal((H,), 0.1, 1.0))
    for proj, rows, cols in [("q_proj", NQ * D, H), ("k_proj", NKV * D, H), ("v_proj", NKV * D, H), ("o_proj", H, NQ * D)]:
        put(p + f"self_attn.{proj}.weight", normal((rows, cols), 1.0 / math.sqrt(cols)))
        put(p + f"self_attn.{proj}.bias", normal((rows,), 0.1))
    put(p + "self_attn.sinks", normal((NQ,), 1.0))
    put(p + "mlp.router.weight", normal((E, H), 4.0 / math.sqrt(H)))
    put(p + "mlp.router.bias", normal((E,), 0.5))
    for proj, rows, cols in [("gate_up_proj", 2 * I, H), ("down_proj", H, I)]:
        blocks = torch.randint(0, 256, (E, rows, cols // 32, 16), generator=gen, device=dev, dtype=torch.uint8)
        # E8M0 bytes 117..120 (2^-10 .. 2^-7): element scale about that of gpt-oss's own experts.
        scales = torch.randint(117, 121, (E, rows, cols // 32), generator=gen, device=dev, dtype=torch.uint8)
        put(p + f"mlp.experts.{proj}_blocks", blocks)
        put(p + f"mlp.experts.{proj}_scales", scales)
        dense = convert_moe_packed_tensors(blocks, scales, dtype=torch.float32)
        param = model.get_parameter(p + f"mlp.experts.{proj}")
        assert tuple(param.shape) == tuple(dense.shape), (proj, param.shape, dense.shape)
        with torch.no_grad():
            param.copy_(dense)
        written.add(p + f"mlp.experts.{proj}")
        del dense
        put(p + f"mlp.experts.{proj}_bias", normal((E, rows), 0.1))
unwritten = sorted(set(dict(model.named_parameters())) - written)
assert not unwritten, f"parameters left uninitialised (SkipInit): {unwritten[:5]}"
print(f"weights made in {time.time() - t0:.0f} s", flush=True)

# Three shards as the published checkpoint has (named "-of-00002" like the converter's output).
names = list(stored)
shards = [names[: len(names) // 3], names[len(names) // 3: 2 * len(names) // 3], names[2 * len(names) // 3:]]
weight_map = {}
for i, part in enumerate(shards):
    file = f"model-{i:05d}-of-00002.safetensors"
    save_file({n: stored[n].contiguous() for n in part}, os.path.join(args.out, file), metadata={"format": "pt"})
    weight_map.update({n: file for n in part})
total = sum(t.numel() * t.element_size() for t in stored.values())
json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, open(os.path.join(args.out, "model.safetensors.index.json"), "w"))
json.dump(cfg, open(os.path.join(args.out, "config.json"), "w"), indent=2)
del stored
print(f"checkpoint written ({total / 1e9:.2f} GB) at {time.time() - t0:.0f} s", flush=True)

ids = [int(x) for x in torch.randint(0, 199998, (args.prompt,), generator=gen, device=dev).cpu()]
with torch.no_grad():
    out = model(torch.tensor([ids], device=dev), output_router_logits=True)
    logits = out.logits[0].float()
    margins = None
    for rl in out.router_logits:
        s = torch.sort(rl.reshape(len(ids), -1), dim=-1, descending=True).values
        gap = s[:, 3] - s[:, 4]
        margins = gap if margins is None else torch.minimum(margins, gap)
    top2 = torch.topk(logits, 2, dim=-1).values
    greedy = model.generate(torch.tensor([ids], device=dev), max_new_tokens=args.greedy, do_sample=False,
                            eos_token_id=None, pad_token_id=cfg["pad_token_id"])[0, len(ids):].tolist()
logits.cpu().numpy().astype("<f4").tofile(os.path.join(args.out, "logits.f32"))
ref = {
    "about": "transformers GptOssForCausalLM, float32 on CUDA with TF32 off, eager attention and experts"
             + (" (experts' weights kept in CPU memory between their layer's forwards)" if offload else ""),
    "transformers_version": __import__("transformers").__version__,
    "torch_version": torch.__version__,
    "device": torch.cuda.get_device_name(0),
    "layers": L,
    "input_ids": ids,
    "greedy": greedy,
    "router_margin": margins.cpu().tolist(),
    "top1_top2_gap": (top2[:, 0] - top2[:, 1]).cpu().tolist(),
}
json.dump(ref, open(os.path.join(args.out, "reference.json"), "w"))
print(f"reference done at {time.time() - t0:.0f} s; greedy {greedy}", flush=True)
