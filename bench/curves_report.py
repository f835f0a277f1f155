#!/usr/bin/env python3
"""Tables and plots of bench/curves.sh: reads OUT/raw/<curve>.tsv (+ .meta), writes OUT/curves.md and one plain
SVG per curve (labbridge next to C, the range over rounds as a bar, the median as the point). Standard library
only.

usage: bench/curves_report.py OUT
"""
import math
import os
import statistics
import sys
from collections import defaultdict

OUT = sys.argv[1] if len(sys.argv) > 1 else "bench/results"
RAW = os.path.join(OUT, "raw")
COLORS = {"labbridge": "#1f77b4", "C": "#d62728", "goal": "#2ca02c", "Py": "#ff7f0e", "validating C": "#9467bd",
          "Netty": "#8c564b"}
PYVER = sys.version.split()[0]  # the python3 that ran the reference is the one running this report


def rows(curve):
    path = os.path.join(RAW, curve + ".tsv")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def meta(curve):
    path = os.path.join(RAW, curve + ".meta")
    if not os.path.exists(path):
        return ""
    with open(path) as f:
        return " ".join(line.lstrip("# ").strip() for line in f)


def rng(values, fmt="{:.0f}"):
    lo, hi = min(values), max(values)
    return fmt.format(lo) if fmt.format(lo) == fmt.format(hi) else fmt.format(lo) + "–" + fmt.format(hi)


def si(v):
    for div, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(v) >= div:
            return f"{v / div:.3g}{suffix}"
    return f"{v:.3g}"


def fit(points):
    """Least squares y = a + b x over (x, y) points: (a, b)."""
    n = len(points)
    mx = sum(p[0] for p in points) / n
    my = sum(p[1] for p in points) / n
    sxx = sum((p[0] - mx) ** 2 for p in points)
    b = sum((p[0] - mx) * (p[1] - my) for p in points) / sxx if sxx else 0.0
    return my - b * mx, b


def cpu_cell(pull, n, who):
    """CPU µs per request, with its user / system split where the rows have it."""
    rs = [r for r in pull if int(r[1]) == n and r[3] == who]
    cell = rng([float(r[7]) for r in rs], "{:.2f}")
    if all(len(r) > 11 for r in rs):
        cell += f" ({rng([float(r[10]) for r in rs], '{:.1f}')} u / {rng([float(r[11]) for r in rs], '{:.1f}')} s)"
    return cell


def svg(name, title, xlabel, ylabel, series, logx=False, logy=False, hline=None, lines=None):
    """series: {label: {x: [y, ...]}}; hline: (y, label); lines: {label: (a, b)} straight fits drawn dashed."""
    W, H, L, R, T, B = 640, 400, 78, 20, 40, 56
    xs = sorted({x for s in series.values() for x in s})
    ys = [y for s in series.values() for v in s.values() for y in v] + ([hline[0]] if hline else [])
    tx = (lambda v: math.log10(v)) if logx else (lambda v: v)
    ty = (lambda v: math.log10(max(v, 1e-9))) if logy else (lambda v: v)
    x0, x1 = tx(min(xs)), tx(max(xs))
    if x0 == x1:
        x0, x1 = x0 - 1, x1 + 1
    if logy:
        y0, y1 = math.floor(ty(min(ys))), math.ceil(ty(max(ys)))
    else:
        y0, y1 = 0.0, max(ys) * 1.1 or 1.0
    px = lambda v: L + (tx(v) - x0) / (x1 - x0) * (W - L - R)
    py = lambda v: H - B - (ty(v) - y0) / ((y1 - y0) or 1) * (H - T - B)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{W / 2}" y="22" text-anchor="middle" font-size="14">{title}</text>',
           f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="black"/>',
           f'<line x1="{L}" y1="{T}" x2="{L}" y2="{H - B}" stroke="black"/>',
           f'<text x="{(L + W - R) / 2}" y="{H - 14}" text-anchor="middle">{xlabel}</text>',
           f'<text transform="translate(16,{(T + H - B) / 2}) rotate(-90)" text-anchor="middle">{ylabel}</text>']
    for x in xs:
        out.append(f'<line x1="{px(x):.1f}" y1="{H - B}" x2="{px(x):.1f}" y2="{H - B + 5}" stroke="black"/>')
        out.append(f'<text x="{px(x):.1f}" y="{H - B + 18}" text-anchor="middle">{si(x)}</text>')
    ticks = [10 ** e for e in range(int(y0), int(y1) + 1)] if logy else [y1 / 1.1 * i / 4 for i in range(5)]
    for y in ticks:
        out.append(f'<line x1="{L - 5}" y1="{py(y):.1f}" x2="{W - R}" y2="{py(y):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{L - 8}" y="{py(y) + 4:.1f}" text-anchor="end">{si(y)}</text>')
    if hline:
        out.append(f'<line x1="{L}" y1="{py(hline[0]):.1f}" x2="{W - R}" y2="{py(hline[0]):.1f}" '
                   f'stroke="{COLORS["goal"]}" stroke-dasharray="6,4"/>')
        out.append(f'<text x="{W - R - 4}" y="{py(hline[0]) - 5:.1f}" text-anchor="end" '
                   f'fill="{COLORS["goal"]}">{hline[1]}</text>')
    for i, (label, pts) in enumerate(series.items()):
        color = next((c for k, c in COLORS.items() if label.startswith(k)), "#555")
        med = [(x, statistics.median(v)) for x, v in sorted(pts.items())]
        if lines and label in lines:
            a, b = lines[label]
            out.append(f'<line x1="{px(xs[0]):.1f}" y1="{py(a + b * xs[0]):.1f}" x2="{px(xs[-1]):.1f}" '
                       f'y2="{py(a + b * xs[-1]):.1f}" stroke="{color}" stroke-dasharray="3,3"/>')
        else:
            out.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>'
                       % (color, " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in med)))
        for x, v in pts.items():
            out.append(f'<line x1="{px(x):.1f}" y1="{py(min(v)):.1f}" x2="{px(x):.1f}" y2="{py(max(v)):.1f}" '
                       f'stroke="{color}" stroke-width="2"/>')
        for x, y in med:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3.5" fill="{color}"/>')
        out.append(f'<rect x="{L + 12}" y="{T + 6 + 18 * i}" width="12" height="12" fill="{color}"/>')
        out.append(f'<text x="{L + 30}" y="{T + 16 + 18 * i}">{label}</text>')
    out.append("</svg>")
    with open(os.path.join(OUT, name), "w") as f:
        f.write("\n".join(out) + "\n")
    return name


def udp_columns(rs, who, col):
    """A udp_row curve's column (4 rate, 6 p99, 7 CPU) of one server, per codename count."""
    return by([r for r in rs if r[3] == who], lambda r: int(r[1]), lambda r: float(r[col]))


def rate_ratios(rs, n):
    """labbridge / C rate within each round of a udp_row curve at n codenames."""
    pairs = {(r[0], int(r[1]), r[3]): float(r[4]) for r in rs}
    return [pairs[(r, n, "labbridge")] / pairs[(r, n, "c")] for r in sorted({x[0] for x in rs})
            if pairs.get((r, n, "c")) and (r, n, "labbridge") in pairs]


def by(rs, key, val):
    d = defaultdict(list)
    for r in rs:
        d[key(r)].append(val(r))
    return d


md = ["# Cost curves (bench/curves.sh)", "",
      "Each point ran once per round, labbridge right after its C baseline; ranges are over the rounds; ratios "
      "are taken within a round. Regenerate with the command in the README's Benchmarks section.", ""]

pull = rows("pull")
if pull:
    ns = sorted({int(r[1]) for r in pull})
    size = {int(r[1]): int(r[2]) for r in pull}
    rate_c, rate_l = udp_columns(pull, "c", 4), udp_columns(pull, "labbridge", 4)
    cpu_c, cpu_l = udp_columns(pull, "c", 7), udp_columns(pull, "labbridge", 7)
    rate_p, cpu_p = udp_columns(pull, "python", 4), udp_columns(pull, "python", 7)
    p99_c, p99_l = udp_columns(pull, "c", 6), udp_columns(pull, "labbridge", 6)
    rounds = sorted({r[0] for r in pull})
    md += ["## Pull: json_wn with 1 to 1,000 codenames", "", meta("pull"), "",
           "| codenames | reply bytes | C rate/s | labbridge rate/s | rate ratio | C p99 µs | labbridge p99 µs "
           "| C CPU µs/req (user / sys) | labbridge CPU µs/req (user / sys) | lost |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n in ns:
        lost = sum(int(float(r[8])) for r in pull if int(r[1]) == n)
        md.append(f"| {n:,} | {size[n]:,} | {rng(rate_c[n])} | {rng(rate_l[n])} | {rng(rate_ratios(pull, n), '{:.2f}')} "
                  f"| {rng(p99_c[n])} | {rng(p99_l[n])} | {cpu_cell(pull, n, 'c')} | {cpu_cell(pull, n, 'labbridge')} "
                  f"| {lost} |")
    slopes = []
    for r in rounds:
        pc = [(int(x[2]), float(x[7])) for x in pull if x[0] == r and x[3] == "c"]
        pl = [(int(x[2]), float(x[7])) for x in pull if x[0] == r and x[3] == "labbridge"]
        if len(pc) > 1 and len(pl) > 1:
            slopes.append((fit(pc)[1], fit(pl)[1]))
    fits = {}
    if slopes:
        fits = {"C": fit([(size[n], statistics.median(cpu_c[n])) for n in ns]),
                "labbridge": fit([(size[n], statistics.median(cpu_l[n])) for n in ns])}
        md += ["", "Server CPU per request against reply bytes (least squares per round): C "
               f"{rng([s[0] * 1000 for s in slopes], '{:.2f}')} ns/byte, labbridge "
               f"{rng([s[1] * 1000 for s in slopes], '{:.2f}')} ns/byte: labbridge's slope is "
               f"{rng([s[1] / s[0] for s in slopes if s[0] > 0], '{:.2f}')} × C's (goal ≤ 2). Intercepts (medians): "
               f"C {fits['C'][0]:.2f} µs, labbridge {fits['labbridge'][0]:.2f} µs per request."]
    md += ["", "![pull: CPU per request vs reply bytes](" +
           svg("pull-cpu.svg", "Pull json_wn: server CPU per request vs reply size", "reply bytes",
               "server CPU µs / request", {"labbridge": {size[n]: cpu_l[n] for n in ns},
                                           "C udp_srv (same reply)": {size[n]: cpu_c[n] for n in ns}},
               lines={"labbridge": fits.get("labbridge"), "C udp_srv (same reply)": fits.get("C")}
               if fits else None) + ")",
           "", "![pull: rate vs codenames](" +
           svg("pull-rate.svg", "Pull json_wn: answered requests/s vs codenames", "codenames", "requests / s",
               dict({"labbridge": rate_l, "C udp_srv (same reply)": rate_c},
                    **({"PyExpLabSys (Python)": rate_p} if rate_p else {})), logx=True, logy=bool(rate_p)) + ")",
           ""]
    if rate_p:
        md[-1:-1] = ["", "PyExpLabSys's own DateDataPullSocket (python3 " + PYVER + ") on the same load, "
                     "requests/s: " + ", ".join(f"{n:,} codenames {rng(rate_p[n])}" for n in ns if n in rate_p)
                     + "; labbridge answers " + ", ".join(
                         f"{rng([a / b for a, b in zip(rate_l[n], rate_p[n]) if b], '{:.0f}')}x"
                         for n in ns if n in rate_p) + " as many; Python's CPU per request "
                     + ", ".join(f"{rng(cpu_p[n], '{:.0f}')} µs" for n in ns if n in cpu_p) + "."]

push = rows("push")
if push:
    ns = sorted({int(r[1]) for r in push})
    ack = {int(r[1]): int(r[2]) for r in push}
    rate_c, rate_l = udp_columns(push, "c", 4), udp_columns(push, "labbridge", 4)
    cpu_c, cpu_l = udp_columns(push, "c", 7), udp_columns(push, "labbridge", 7)
    p99_c, p99_l = udp_columns(push, "c", 6), udp_columns(push, "labbridge", 6)
    md += ["## Push routed into a pull socket of 1 to 1,000 codenames", "", meta("push"), "",
           "One value per push (`json_wn#{\"c0000\": 21.5}`) into a date-pull whose codenames were all set once; "
           "C is udp_srv answering the same ACK bytes (to `json_wn`, the one request it answers).", "",
           "| codenames | C rate/s | labbridge rate/s | rate ratio | C p99 µs | labbridge p99 µs "
           "| C CPU µs/req (user / sys) | labbridge CPU µs/push (user / sys) | lost | bad replies |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n in ns:
        lost = sum(int(float(r[8])) for r in push if int(r[1]) == n)
        bad = sum(int(float(r[9])) for r in push if int(r[1]) == n and r[3] == "labbridge")
        md.append(f"| {n:,} | {rng(rate_c[n])} | {rng(rate_l[n])} | {rng(rate_ratios(push, n), '{:.2f}')} "
                  f"| {rng(p99_c[n])} | {rng(p99_l[n])} | {cpu_cell(push, n, 'c')} | {cpu_cell(push, n, 'labbridge')} "
                  f"| {lost} | {bad} |")
    if len(ns) > 1:
        a, b = fit([(n, statistics.median(cpu_l[n])) for n in ns])
        md += ["", f"labbridge's CPU per push grows {b * 1000:.2f} ns per codename of the pull socket (least squares "
               f"over the medians) on top of {a:.2f} µs; the ACK is {ack[ns[0]]} bytes."]
    md += ["", "![push: CPU per push vs codenames](" +
           svg("push-cpu.svg", "Push routed into a pull socket: server CPU per push vs its codenames", "codenames",
               "server CPU µs / push", {"labbridge": cpu_l, "C udp_srv (same ACK)": cpu_c}, logx=True) + ")", ""]

fan = rows("fanout")
if fan:
    # a run that measured nothing (a tool that did not start) is left out, not counted as 0 msg/s
    missing = [r for r in fan if not r[3]]
    fan = [r for r in fan if r[3]]
    dl = by([r for r in fan if r[2] == "labbridge"], lambda r: int(r[1]), lambda r: float(r[3]))
    dc = by([r for r in fan if r[2] == "c"], lambda r: int(r[1]), lambda r: float(r[3]))
    # cv (since the validating C relay): tcp_relay -m batch -V, which checks every message as labbridge does
    dv = by([r for r in fan if r[2] == "cv"], lambda r: int(r[1]), lambda r: float(r[3]))
    # floorv (since the Netty floor): bench/NettyTcpFloor.java relay-validating, Netty + labbridge's validator alone
    df = by([r for r in fan if r[2] == "floorv"], lambda r: int(r[1]), lambda r: float(r[3]))
    pairs = {(r[0], int(r[1]), r[2]): float(r[3]) for r in fan}

    def ratios(n, base):
        """labbridge / base within each round at n subscribers."""
        rs = [pairs[(r, m, "labbridge")] / pairs[(r, m, w)] for (r, m, w) in pairs
              if m == n and w == base and pairs[(r, m, w)] and (r, m, "labbridge") in pairs]
        return rng(rs, "{:.2f}") if rs else "-"

    def floor_ratios(n, base):
        """floorv / base within each round at n subscribers."""
        rs = [pairs[(r, m, "floorv")] / pairs[(r, m, w)] for (r, m, w) in pairs
              if m == n and w == base and pairs[(r, m, w)] and (r, m, "floorv") in pairs]
        return rng(rs, "{:.2f}") if rs else "-"

    md += ["## Bridge fan-out: 1 producer to 1 to 256 subscribers", "", meta("fanout"), ""]
    if df:
        md += ["`tcp_relay -m batch` only splits the stream on 0x17; `tcp_relay -m batch -V` (bench/c) also checks "
               "every message (strict UTF-8 + JSON, json_check.h) before relaying it, the work labbridge's "
               "producer path does; the Netty floor (`bench/NettyTcpFloor.java relay-validating`) is Netty's epoll "
               "transport relaying each read's messages after labbridge's own validator has checked them, and "
               "nothing else (no message objects, no routing): what any Netty relay that validates reaches here. "
               "The goal is stated against the first.", "",
               "| subscribers | C tcp_relay delivered msg/s | validating C (-V) msg/s | Netty + validation msg/s "
               "| labbridge daemon delivered msg/s | ratio vs C (goal ≥ 0.5) | Netty + validation vs C "
               "| ratio vs validating C | ratio vs Netty + validation |",
               "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        md += [f"| {n} | {rng(dc[n])} | {rng(dv[n]) if n in dv else '-'} | {rng(df[n]) if n in df else '-'} "
               f"| {rng(dl[n])} | {ratios(n, 'c')} | {floor_ratios(n, 'c')} | {ratios(n, 'cv')} "
               f"| {ratios(n, 'floorv')} |" for n in sorted(dl)]
    elif dv:
        md += ["`tcp_relay -m batch` only splits the stream on 0x17; `tcp_relay -m batch -V` (bench/c) also checks "
               "every message (strict UTF-8 + JSON, json_check.h) before relaying it, the work labbridge's "
               "producer path does. The goal is stated against the first.", "",
               "| subscribers | C tcp_relay delivered msg/s | validating C (-V) msg/s | labbridge daemon delivered "
               "msg/s | ratio vs C (goal ≥ 0.5) | ratio vs validating C |",
               "|---:|---:|---:|---:|---:|---:|"]
        md += [f"| {n} | {rng(dc[n])} | {rng(dv[n]) if n in dv else '-'} | {rng(dl[n])} | {ratios(n, 'c')} "
               f"| {ratios(n, 'cv')} |" for n in sorted(dl)]
    else:
        md += ["| subscribers | C tcp_relay delivered msg/s | labbridge daemon delivered msg/s | ratio (goal ≥ 0.5) |",
               "|---:|---:|---:|---:|"]
        md += [f"| {n} | {rng(dc[n])} | {rng(dl[n])} | {ratios(n, 'c')} |" for n in sorted(dl)]
    who_name = {"c": "C", "cv": "validating C", "floorv": "Netty + validation"}
    if missing:
        md += ["", "Left out (measured nothing: the tool did not start or connect): "
               + "; ".join(f"round {r[0]}, {r[1]} subscribers, {who_name.get(r[2], r[2])}" for r in missing) + "."]
    idle = rows("idle")
    if idle:
        per = [(int(r[3]) - int(r[2])) / int(r[1]) for r in idle]
        md += ["", f"Memory per idle subscriber (RSS of a fresh daemon after a full GC, before and after "
               f"{idle[0][1]} subscribers connect, delta / subscribers): {rng(per, '{:.1f}')} KiB "
               f"(goal ≤ 64 KiB); RSS {rng([int(r[2]) / 1024 for r in idle], '{:.0f}')} → "
               f"{rng([int(r[3]) / 1024 for r in idle], '{:.0f}')} MiB."]
        heap = [(int(r[5]) - int(r[4])) / int(r[1]) for r in idle if len(r) > 5 and r[4] and r[5]]
        if heap:
            md[-1] += (f" Live Java heap after a full GC: {rng(heap, '{:.1f}')} KiB per subscriber (RSS can hide "
                       "heap growth inside pages the heap had already touched).")
    md += ["", "![fan-out](" + svg("fanout.svg", "Bridge fan-out: aggregate delivered messages/s", "subscribers",
                                   "delivered msg / s (all subscribers)",
                                   dict({"labbridge daemon": dl, "C tcp_relay": dc},
                                        **({"validating C tcp_relay -V": dv} if dv else {}),
                                        **({"Netty + validation (floor)": df} if df else {})), logx=True) + ")", ""]

nodes = rows("nodes")
if nodes:
    rss = by(nodes, lambda r: int(r[1]), lambda r: int(r[2]) / 1024)
    ks = sorted(rss)
    md += ["## Daemon RSS with 1 to 100 nodes", "", meta("nodes"), "",
           "| nodes | idle RSS MiB |", "|---:|---:|"]
    md += [f"| {n} | {rng(rss[n], '{:.1f}')} |" for n in ks]
    if len(ks) > 1:
        a, b = fit([(n, statistics.median(rss[n])) for n in ks])
        md += ["", f"About {b * 1024:.0f} KiB per node (least squares over the medians) on top of {a:.0f} MiB. "
               "Nodes are date-pull (2 codenames), push and bridge-server in turn, nothing connected."]
    md += ["", "![nodes](" + svg("nodes-rss.svg", "Daemon idle RSS vs nodes", "nodes", "RSS MiB",
                                 {"labbridge daemon": rss}, logx=True) + ")", ""]

nd = rows("netdata")
if nd:
    cpu = by(nd, lambda r: int(r[1]), lambda r: float(r[2] or 0))
    rmax = by(nd, lambda r: int(r[1]), lambda r: float(r[3] or 0))
    # columns 6-7 (since the python3 baseline): its CPU % and RSS max MB, measured right after the plugin
    based = [r for r in nd if len(r) > 6 and r[5] and r[6]]
    bcpu = by(based, lambda r: int(r[1]), lambda r: float(r[5]))
    brss = by(based, lambda r: int(r[1]), lambda r: float(r[6]))
    ratio = by([r for r in based if float(r[5]) > 0], lambda r: int(r[1]), lambda r: float(r[2]) / float(r[5]))
    md += ["## Netdata plugin at 100 to 10,000 dimensions per second", "", meta("netdata"), "",
           "The baseline is bench/plugin_baseline.py (python3: the same pull sockets, json.loads, one "
           "BEGIN/SET/END per codename printed), measured right after the plugin in the same run.", "",
           "| dimensions | CPU % of a core (goal ≤ 2 at 10,000) | RSS max MB (goal ≤ 96 at 10,000) "
           "| baseline CPU % | baseline RSS MB | plugin / baseline CPU |",
           "|---:|---:|---:|---:|---:|---:|"]
    md += [f"| {n:,} | {rng(cpu[n], '{:.2f}')} | {rng(rmax[n], '{:.1f}')} "
           f"| {rng(bcpu[n], '{:.2f}') if n in bcpu else '–'} | {rng(brss[n], '{:.1f}') if n in brss else '–'} "
           f"| {rng(ratio[n], '{:.2f}') + 'x' if n in ratio else '–'} |" for n in sorted(cpu)]
    cpu_series = {"labbridge.plugin": cpu}
    rss_series = {"labbridge.plugin": rmax}
    if bcpu:
        cpu_series["python3 baseline (pull + print)"] = bcpu
        rss_series["python3 baseline (pull + print)"] = brss
    md += ["", "![netdata cpu](" + svg("netdata-cpu.svg", "labbridge.plugin: CPU vs dimensions (update_every 1)",
                                       "dimensions", "CPU % of one core", cpu_series, logx=True,
                                       hline=(2.0, "goal 2 %")) + ")",
           "", "![netdata rss](" + svg("netdata-rss.svg", "labbridge.plugin: RSS vs dimensions", "dimensions",
                                       "RSS max MB", rss_series, logx=True,
                                       hline=(96.0, "goal 96 MB")) + ")", ""]

with open(os.path.join(OUT, "curves.md"), "w") as f:
    f.write("\n".join(md) + "\n")
print("\n".join(md))
