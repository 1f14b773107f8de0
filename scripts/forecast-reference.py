#!/usr/bin/env python3
"""Reference figures for tests/forecast.rs, computed with statsmodels.

statsmodels' ETSModel is an independent implementation of the same
state-space exponential smoothing family (Hyndman et al. 2008) that
`itsm demand forecast` uses. This script is run by hand, once, and its
output is committed; CI does not run Python.

    python3 -m venv /tmp/fcvenv
    /tmp/fcvenv/bin/pip install statsmodels==0.15.0 pmdarima==2.1.1
    /tmp/fcvenv/bin/python scripts/forecast-reference.py

It writes tests/data/forecast/{airpassengers,ausbeer,woolyrnq}.csv (the
public series, from the datasets bundled with pmdarima, which copies them
from R's `datasets` and `fpp` packages) and tests/data/forecast/reference.json.
"""

import csv
import json
import math
import pathlib
import warnings

import numpy as np
import pmdarima
import statsmodels
from pmdarima import datasets
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

warnings.simplefilter("ignore")
ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "forecast"

# The candidates of the automatic choice, as in src/forecast/mod.rs:
# (error, trend, damped, seasonal).
CANDIDATES = [
    (e, t, d, s)
    for e in ("add", "mul")
    for (t, d) in ((None, False), ("add", False), ("add", True))
    for s in (None, "add", "mul")
    if not (e == "add" and s == "mul")
]


def code(e, t, d, s):
    letter = {None: "N", "add": "A", "mul": "M"}
    trend = "N" if t is None else ("Ad" if d else "A")
    return f"ETS({letter[e]},{trend},{letter[s]})"


def fit(y, e, t, d, s, m, init="estimated"):
    model = ETSModel(
        np.asarray(y, dtype=float),
        error=e,
        trend=t,
        damped_trend=d,
        seasonal=s,
        seasonal_periods=m if s else None,
        initialization_method=init,
    )
    return model.fit(disp=False, maxiter=10000)


def auto(y, m, init="estimated"):
    """The candidate with the lowest AICc, with the same eligibility rules
    as itsm: a season needs two full seasons, a trend six points,
    multiplicative forms positive data."""
    n = len(y)
    best = None
    for e, t, d, s in CANDIDATES:
        if s and not (m > 1 and n >= 2 * m):
            continue
        if t and n < 6:
            continue
        if (e == "mul" or s == "mul") and min(y) <= 0:
            continue
        try:
            res = fit(y, e, t, d, s, m, init)
        except Exception:  # a model statsmodels cannot fit is not a candidate
            continue
        if not math.isfinite(res.aicc):
            continue
        if best is None or res.aicc < best[0]:
            best = (res.aicc, code(e, t, d, s), res)
    return best


def mase(actual, forecast, history, m):
    scale = np.mean(np.abs(np.asarray(history[m:]) - np.asarray(history[:-m])))
    return float(np.mean(np.abs(np.asarray(actual) - np.asarray(forecast))) / scale)


def read_series(path):
    with open(path) as f:
        rows = list(csv.reader(f))[1:]
    return [float(v) for _, v in rows]


def write_series(name, values, periods):
    with open(OUT / f"{name}.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["period", "value"])
        for p, v in zip(periods, values):
            w.writerow([p, f"{v:g}"])


def months(year, month, n):
    out = []
    for _ in range(n):
        out.append(f"{year}-{month:02d}")
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return out


def quarters(year, q, n):
    out = []
    for _ in range(n):
        out.append(f"{year}-Q{q}")
        q += 1
        if q > 4:
            year, q = year + 1, 1
    return out


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    air = [float(v) for v in datasets.load_airpassengers()]
    beer = [float(v) for v in datasets.load_ausbeer() if not math.isnan(v)]
    wool = [float(v) for v in datasets.load_woolyrnq()]
    write_series("airpassengers", air, months(1949, 1, len(air)))
    write_series("ausbeer", beer, quarters(1956, 1, len(beer)))
    write_series("woolyrnq", wool, quarters(1965, 1, len(wool)))

    public = [("airpassengers", air, 12), ("ausbeer", beer, 4), ("woolyrnq", wool, 4)]
    examples = [
        ("booking-sessions", read_series(ROOT / "examples/northwind/demand/booking-sessions.csv"), 12),
        ("portal-sessions", read_series(ROOT / "examples/northwind/demand/portal-sessions.csv"), 12),
        ("dwh-storage", read_series(ROOT / "examples/northwind/demand/dwh-storage.csv"), 4),
        ("servicedesk-tickets", read_series(ROOT / "examples/northwind/demand/servicedesk-tickets.csv"), 52),
    ]

    reference = {
        "provenance": {
            "library": f"statsmodels {statsmodels.__version__} ETSModel (pmdarima {pmdarima.__version__} datasets, numpy {np.__version__})",
            "command": "/tmp/fcvenv/bin/python scripts/forecast-reference.py",
        },
        "holdout": [],
        "fixed": [],
    }

    # Hold out the last season; the automatic choice on the rest.
    for name, y, m in public + examples:
        if m == 52:
            continue  # statsmodels needs minutes for 52 weekly states; the fixed comparison covers it
        train, test = y[:-m], y[-m:]
        aicc, chosen, res = auto(train, m)
        fc = list(res.forecast(m))
        _, chosen_h, res_h = auto(train, m, "heuristic")
        fc_h = list(res_h.forecast(m))
        naive = [train[len(train) - m + h % m] for h in range(m)]
        reference["holdout"].append(
            {
                "series": name,
                "season": m,
                "statsmodels_model": chosen,
                "statsmodels_mase": mase(test, fc, train, m),
                "statsmodels_heuristic_model": chosen_h,
                "statsmodels_heuristic_mase": mase(test, fc_h, train, m),
                "seasonal_naive_mase": mase(test, naive, train, m),
            }
        )
        print(f"{name}: statsmodels {chosen} MASE {reference['holdout'][-1]['statsmodels_mase']:.3f}, "
              f"heuristic {chosen_h} {reference['holdout'][-1]['statsmodels_heuristic_mase']:.3f}, "
              f"seasonal naive {reference['holdout'][-1]['seasonal_naive_mase']:.3f}")

    # Fixed models on the whole series: forecasts to compare point by point,
    # with the same initialisation as itsm (the heuristic of Hyndman et al.
    # 2008, section 2.6.1).
    fixed = [
        ("airpassengers", air, 12, ("mul", "add", False, "mul")),
        ("airpassengers", air, 12, ("add", "add", True, "add")),
        ("ausbeer", beer, 4, ("add", None, False, "add")),
        ("woolyrnq", wool, 4, ("add", None, False, "add")),
        ("booking-sessions", examples[0][1], 12, ("mul", "add", False, "mul")),
        ("portal-sessions", examples[1][1], 12, ("mul", "add", False, "mul")),
        ("dwh-storage", examples[2][1], 4, ("add", "add", False, "add")),
        ("servicedesk-tickets", examples[3][1], 52, ("add", None, False, None)),
        ("servicedesk-tickets", examples[3][1], 52, ("add", "add", True, None)),
    ]
    for name, y, m, spec in fixed:
        res = fit(y, *spec, m, "heuristic")
        reference["fixed"].append(
            {
                "series": name,
                "season": m,
                "model": code(*spec),
                "forecast": [float(v) for v in res.forecast(m if spec[3] else 12)],
                "aicc": float(res.aicc),
                "initialization": "heuristic",
                "loglik": float(res.llf),
                "params": {k: float(v) for k, v in zip(res.param_names, res.params)},
                "initial_level": float(res.initial_level),
                "initial_trend": float(res.initial_trend) if spec[1] else 0.0,
                # By position: initial_seasonal[j] is the seasonal state of
                # the observations t with t mod m = j (checked: the first
                # fitted value is (l0 + b0) * initial_seasonal[0]).
                "initial_seasonal": [float(v) for v in np.atleast_1d(res.initial_seasonal)] if spec[3] else [],
                "fitted": [float(v) for v in res.fittedvalues],
            }
        )
        print(f"{name} {code(*spec)}: {reference['fixed'][-1]['forecast'][:3]}")

    with open(OUT / "reference.json", "w") as f:
        json.dump(reference, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
