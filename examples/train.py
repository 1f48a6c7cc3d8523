#!/usr/bin/python3
"""A real (small) PyTorch training run that reports its progress to MAGI.

It trains a multi-layer perceptron on synthetic data (a fixed random "teacher"
network labels random inputs, so there is something to learn and a held-out
validation set to measure) and writes one JSON object per step to stdout:

    {"time": 1767225600.12, "step": 41, "epoch": 0, "loss": 0.6931,
     "val_loss": 0.7012, "lr": 0.0003, "throughput": 5120.4, "eta_seconds": 12.5}

Each line is flushed as it is written, so MAGI sees the run live:

    /usr/bin/python3 examples/train.py | magi --source jsonl:-
    /usr/bin/python3 examples/train.py | magi --list-metrics --source jsonl:-

On a CPU the default run takes well under a minute. Use Debian's python3-torch
(/usr/bin/python3). For the same run as Prometheus metrics see
train_prometheus.py.
"""

import argparse
import json
import math
import os
import sys
import time

import torch
from torch import nn


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--steps-per-epoch", type=int, default=100)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--lr", type=float, default=3e-3, help="peak learning rate")
    ap.add_argument("--warmup", type=int, default=50, help="warm-up steps")
    ap.add_argument("--eval-every", type=int, default=20, help="steps between validations")
    ap.add_argument("--step-delay", type=float, default=0.0,
                    help="seconds to sleep after each step (to watch a slow run)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: up to 4)")
    return ap.parse_args(argv)


class Data:
    """Random inputs labelled by a fixed random teacher network."""

    def __init__(self, seed, features=32, classes=8, val_size=1024):
        g = torch.Generator().manual_seed(seed)
        self.g = g
        self.features = features
        self.teacher = nn.Sequential(nn.Linear(features, 64), nn.Tanh(), nn.Linear(64, classes))
        with torch.no_grad():
            for p in self.teacher.parameters():
                p.copy_(torch.randn(p.shape, generator=g) * 1.5)
        self.val_x, self.val_y = self.batch(val_size)

    def batch(self, n):
        x = torch.randn(n, self.features, generator=self.g)
        with torch.no_grad():
            y = self.teacher(x).argmax(dim=1)
        return x, y


def lr_at(step, total, peak, warmup):
    """Linear warm-up, then cosine decay to zero."""
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return peak * 0.5 * (1.0 + math.cos(math.pi * min(1.0, progress)))


def run(args, report):
    """Trains; calls report(dict) after every step with the step's numbers."""
    torch.manual_seed(args.seed)
    threads = args.threads or min(4, os.cpu_count() or 1)
    torch.set_num_threads(threads)
    data = Data(args.seed)
    model = nn.Sequential(
        nn.Linear(data.features, 128), nn.ReLU(),
        nn.Linear(128, 128), nn.ReLU(),
        nn.Linear(128, 8),
    )
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    loss_fn = nn.CrossEntropyLoss()
    total = args.epochs * args.steps_per_epoch
    val_loss = float("nan")
    t_start = time.monotonic()
    step = 0
    for epoch in range(args.epochs):
        for _ in range(args.steps_per_epoch):
            t0 = time.monotonic()
            lr = lr_at(step, total, args.lr, args.warmup)
            for group in opt.param_groups:
                group["lr"] = lr
            x, y = data.batch(args.batch_size)
            loss = loss_fn(model(x), y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            if step % args.eval_every == 0 or step == total - 1:
                with torch.no_grad():
                    val_loss = loss_fn(model(data.val_x), data.val_y).item()
            if args.step_delay > 0:
                time.sleep(args.step_delay)
            dt = time.monotonic() - t0
            step += 1
            elapsed = time.monotonic() - t_start
            report({
                "time": round(time.time(), 6),
                "step": step,
                "epoch": epoch,
                "loss": round(loss.item(), 6),
                "val_loss": round(val_loss, 6),
                "lr": lr,
                "throughput": round(args.batch_size / dt, 1) if dt > 0 else 0.0,
                "eta_seconds": round(elapsed / step * (total - step), 2),
            })
    return step


def main(argv=None):
    args = parse_args(argv)

    def report(fields):
        sys.stdout.write(json.dumps(fields, allow_nan=False) + "\n")
        sys.stdout.flush()

    try:
        run(args, report)
    except BrokenPipeError:
        # the reader (MAGI) went away: stop quietly
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
