#!/usr/bin/python3
"""The training run of train.py, exposed as Prometheus metrics.

The same model, data and schedule as train.py, but instead of JSON lines the
numbers are served in the Prometheus text format by python3-prometheus-client
(Debian's, so run it with /usr/bin/python3), under the same names as train.py's
fields so one MAGI layout fits both:

    /usr/bin/python3 examples/train_prometheus.py --port 9109 &
    magi --source scrape:http://127.0.0.1:9109/metrics

Gauges: step, epoch, loss, val_loss, lr, throughput, eta_seconds; a counter
training_samples_total; training_done (0 while training, 1 after). After the
run the server stays up for --linger seconds so the final values can be read.
"""

import argparse
import os
import sys
import time

from prometheus_client import CollectorRegistry, Counter, Gauge, start_http_server

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train  # noqa: E402  (the run itself lives in train.py)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--port", type=int, default=9109)
    ap.add_argument("--addr", default="127.0.0.1")
    ap.add_argument("--linger", type=float, default=30.0,
                    help="seconds to keep serving after the run")
    args, rest = ap.parse_known_args(argv)
    targs = train.parse_args(rest)

    registry = CollectorRegistry()
    helps = {
        "step": "Optimizer steps taken.",
        "epoch": "Current epoch (from 0).",
        "loss": "Training loss of the last step.",
        "val_loss": "Validation loss of the last evaluation.",
        "lr": "Learning rate of the last step.",
        "throughput": "Training samples per second in the last step.",
        "eta_seconds": "Estimated seconds until the run ends.",
    }
    gauges = {name: Gauge(name, text, registry=registry) for name, text in helps.items()}
    samples = Counter("training_samples", "Training samples seen.", registry=registry)
    done = Gauge("training_done", "1 once the run has finished.", registry=registry)
    start_http_server(args.port, addr=args.addr, registry=registry)
    print(f"serving metrics on http://{args.addr}:{args.port}/metrics", file=sys.stderr, flush=True)

    def report(fields):
        for name, gauge in gauges.items():
            gauge.set(fields[name])
        samples.inc(targs.batch_size)

    try:
        train.run(targs, report)
        done.set(1)
        time.sleep(max(0.0, args.linger))
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
