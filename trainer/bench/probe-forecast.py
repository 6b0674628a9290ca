#!/usr/bin/env python3
"""The campaign probes' log-law forecast (docs/RESULTS.md, "What the probes forecast"): reads the probe table
"Where the base stands" from docs/RESULTS.md, moves each probe since sigma finished annealing to the latest
probe's rate with the family's 2.9 dB per doubling, fits PSNR = a + b ln h by least squares, and prints b with
its standard error and what it gives at later training hours, and the hours at which the gain to WebP's
Kodak BD-rate would be reached. Both rates against HEVC (--webp, --now, in %) are read from the latest
probe's table, docs/results/campaign/probe-kodak.md, unless given.
Usage: trainer/bench/probe-forecast.py [--since 8] [--webp PCT] [--now PCT] [--hours 30,59,100]"""
import argparse, math, re

ap = argparse.ArgumentParser()
ap.add_argument('--results', default='docs/RESULTS.md')
ap.add_argument('--since', type=float, default=8.0, help='first training hour used (sigma finished annealing at step 11,000, 7.1 h)')
ap.add_argument('--slope', type=float, default=2.9, help='dB per doubling of the rate')
ap.add_argument('--probe', default='docs/results/campaign/probe-kodak.md')
ap.add_argument('--webp', type=float, help="WebP's Kodak BD-rate against HEVC, %%")
ap.add_argument('--now', type=float, help="the latest Kodak probe's rate against HEVC, %%")
ap.add_argument('--hours', default='30,59,100')
a = ap.parse_args()

def probe_rate(prefix):
    """The PSNR-RGB BD-rate column of the probe table's row whose codec cell starts with prefix."""
    for line in open(a.probe, encoding='utf-8'):
        cells = [c.strip() for c in line.strip().strip('|').split('|')]
        if len(cells) >= 4 and cells[0].startswith(prefix):
            return float(cells[3].rstrip('†* ').replace('%', '').replace('\u2212', '-'))
    raise SystemExit(f'{a.probe}: no row for {prefix}')

if a.webp is None: a.webp = probe_rate('WebP')
if a.now is None: a.now = probe_rate('sth-psnr (probe-')

row = re.compile(r'^\| ([\d,]+) \(([\d.]+)\) \| (Kodak|B100) \| ([\d.]+) \| ([\d.]+) \|')
pts = {}
for line in open(a.results, encoding='utf-8'):
    m = row.match(line)
    if m and float(m.group(2)) >= a.since:
        pts.setdefault(m.group(3), []).append((float(m.group(2)), float(m.group(4)), float(m.group(5))))
if not pts: raise SystemExit(f'{a.results}: no probe rows found')
for name, v in pts.items():
    h_last, ref, _ = max(v)
    xs = [math.log(h) for h, _, _ in v]
    ys = [p + a.slope * math.log2(ref / b) for _, b, p in v]
    n = len(xs)
    if n < 3: raise SystemExit(f'{name}: {n} probes, need 3')
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    c = my - b * mx
    se = math.sqrt(sum((y - c - b * x) ** 2 for x, y in zip(xs, ys)) / (n - 2) / sxx)
    print(f'{name}: {n} probes from {min(v)[0]} h to {h_last} h, at {ref} bpp: PSNR = {c:.3f} + {b:.3f} ln h '
          f'(b ± {se:.3f} dB per ln h)')
    for h in (float(x) for x in a.hours.split(',')):
        g = b * math.log(h / h_last)
        print(f'  at {h:g} h: {g:+.2f} dB at constant rate, rate x{2 ** (-g / a.slope):.3f}')
    if name == 'Kodak':
        need = a.slope * math.log2((1 + a.now / 100) / (1 + a.webp / 100))
        print(f'  WebP ({a.webp:+.1f}% against HEVC, now {a.now:+.1f}%) needs {need:+.2f} dB: about '
              f'{h_last * math.exp(need / b):.0f} h ({h_last * math.exp(need / (b + se)):.0f} h at b + 1 s.e.)')
