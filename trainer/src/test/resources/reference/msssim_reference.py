#!/usr/bin/env python3
"""Independent numpy/scipy reference for dev.sth.eval.Metrics (PSNR-RGB and MS-SSIM).

Regenerate the numbers hard-coded in MetricsReferenceTest with:

    python3 trainer/src/test/resources/reference/msssim_reference.py

(Debian packages python3-numpy and python3-scipy; no PyPI needed.)

The definition followed is the one binding for the project (shared/notes/method.md), with the
conventions of CompressAI's evaluation, i.e. pytorch_msssim.ms_ssim(X, Y, data_range=255) on 8-bit
values (as float):
  * window: 1-D Gaussian, 11 taps, sigma 1.5, normalised to sum 1; applied as an 11x11 window
    (outer product); valid correlation (no padding).  Here we deliberately use a non-separable 2-D
    correlation (scipy.signal.correlate2d, mode='valid') so that this code shares no structure with
    the separable Java implementation.  pytorch_msssim builds the window in float32; we use float64.
  * SSIM per channel: C1 = (0.01*255)^2, C2 = (0.03*255)^2,
      sigma_x^2 = G*(x*x) - mu_x^2, sigma_xy = G*(x*y) - mu_x*mu_y,
      cs_map   = (2 sigma_xy + C2) / (sigma_x^2 + sigma_y^2 + C2),
      ssim_map = (2 mu_x mu_y + C1) / (mu_x^2 + mu_y^2 + C1) * cs_map,
    cs and ssim are the plain means of the maps over the valid area.
  * 5 scales, weights [0.0448, 0.2856, 0.3001, 0.2363, 0.1333]; between scales
    F.avg_pool2d(kernel 2, stride 2, padding=(h%2, w%2)) with PyTorch's defaults
    count_include_pad=True and ceil_mode=False: for an odd size one zero row (column) is padded on
    BOTH sides, windows start at -1, the divisor is always 4, and the trailing pad is never reached.
    Output size of an odd n is (n+1)/2, of an even n is n/2.
  * relu on the cs of scales 1..4 and on the ssim of the last scale, then
    prod_j cs_j^w_j * ssim_5^w_5 per channel; the three channels are averaged.
  * fewer scales (an extension used for small training crops): the first s weights, renormalised
    to sum to 1 (with s == 5 the published weights are used as they are, sum 1.0001).
  * PSNR-RGB: MSE over all three 8-bit channels of one image, 10*log10(255^2 / MSE).

Cross-check of the single-scale stage: with scales=1 the value is the plain SSIM averaged over the
channels, which skimage.metrics.structural_similarity computes with gaussian_weights=True, sigma=1.5,
use_sample_covariance=False, data_range=255, channel_axis=2 (its 11-tap Gaussian filter's reflected
borders are cropped away, i.e. a valid window).  If skimage is importable (Debian python3-skimage,
run with /usr/bin/python3) the script prints both; they agreed to 5e-15.

The test images are generated from integer-only formulas and a 64-bit LCG, identically in
MetricsReferenceTest.java (TestImages.java); see make_image / distort below.
"""
import numpy as np
from scipy.signal import correlate2d

WEIGHTS = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333]
MASK64 = (1 << 64) - 1


class Lcg:
    """Knuth's MMIX LCG; next() returns the top 31 bits of the 64-bit state."""

    def __init__(self, seed):
        self.s = seed & MASK64

    def next(self):
        self.s = (self.s * 6364136223846793005 + 1442695040888963407) & MASK64
        return self.s >> 33


def make_image(w, h, seed):
    """uint8 array [h, w, 3]: two integer patterns plus a small LCG texture (+-4)."""
    rng = Lcg(seed)
    img = np.zeros((h, w, 3), dtype=np.int64)
    for y in range(h):
        for x in range(w):
            for c in range(3):
                t1 = (x * (3 + c) + y * (2 + 2 * c)) % 512
                tri = t1 if t1 < 256 else 511 - t1
                t2 = ((x * x + 3 * y * y) // (40 + 10 * c)) % 256
                v = (tri * 3 + t2) // 4 + (rng.next() % 9) - 4
                img[y, x, c] = min(255, max(0, v))
    return img.astype(np.uint8)


def box_blur(img):
    """3x3 box blur with edge replication, integer floor division (as Java's / on non-negatives)."""
    a = img.astype(np.int64)
    p = np.pad(a, ((1, 1), (1, 1), (0, 0)), mode='edge')
    h, w = a.shape[:2]
    s = sum(p[dy:dy + h, dx:dx + w] for dy in range(3) for dx in range(3))
    return (s // 9).astype(np.uint8)


def add_noise(img, amp, seed):
    """Uniform integer noise in [-amp, amp] per sample (order y, x, c), clamped to 0..255."""
    rng = Lcg(seed)
    a = img.astype(np.int64)
    out = np.empty_like(a)
    h, w = a.shape[:2]
    for y in range(h):
        for x in range(w):
            for c in range(3):
                d = rng.next() % (2 * amp + 1) - amp
                out[y, x, c] = min(255, max(0, a[y, x, c] + d))
    return out.astype(np.uint8)


def gaussian_window(size=11, sigma=1.5):
    coords = np.arange(size, dtype=np.float64) - size // 2
    g = np.exp(-coords ** 2 / (2 * sigma ** 2))
    g /= g.sum()
    return np.outer(g, g)


def avg_pool_torch(x):
    """F.avg_pool2d(x, kernel_size=2, stride=2, padding=(h%2, w%2)), count_include_pad=True."""
    h, w = x.shape
    ph, pw = h % 2, w % 2
    p = np.pad(x, ((ph, ph), (pw, pw)), mode='constant', constant_values=0.0)
    oh = (h + 2 * ph - 2) // 2 + 1
    ow = (w + 2 * pw - 2) // 2 + 1
    p = p[:2 * oh, :2 * ow]
    return p.reshape(oh, 2, ow, 2).sum(axis=(1, 3)) / 4.0


def ssim_cs(x, y, win, data_range=255.0):
    c1 = (0.01 * data_range) ** 2
    c2 = (0.03 * data_range) ** 2
    f = lambda a: correlate2d(a, win, mode='valid')
    mu1, mu2 = f(x), f(y)
    s11 = f(x * x) - mu1 * mu1
    s22 = f(y * y) - mu2 * mu2
    s12 = f(x * y) - mu1 * mu2
    cs_map = (2 * s12 + c2) / (s11 + s22 + c2)
    ssim_map = (2 * mu1 * mu2 + c1) / (mu1 ** 2 + mu2 ** 2 + c1) * cs_map
    return ssim_map.mean(), cs_map.mean()


def ms_ssim(a, b, scales=5, data_range=255.0):
    """a, b: uint8 [h, w, 3]. Returns the mean over channels of the per-channel MS-SSIM."""
    w = np.array(WEIGHTS[:scales], dtype=np.float64)
    if scales < 5:
        w = w / w.sum()
    win = gaussian_window()
    vals = []
    for c in range(3):
        x = a[:, :, c].astype(np.float64)
        y = b[:, :, c].astype(np.float64)
        factors = []
        for j in range(scales):
            ssim, cs = ssim_cs(x, y, win, data_range)
            if j < scales - 1:
                factors.append(max(cs, 0.0))
                x, y = avg_pool_torch(x), avg_pool_torch(y)
            else:
                factors.append(max(ssim, 0.0))
        vals.append(np.prod(np.array(factors) ** w))
    return float(np.mean(vals))


def psnr_rgb(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float('inf') if mse == 0 else float(10 * np.log10(255.0 ** 2 / mse))


def pairs():
    """The reference pairs: (name, a, b, scales). Keep in sync with MetricsReferenceTest."""
    a1 = make_image(192, 176, 1)
    a2 = make_image(203, 171, 3)
    a4 = make_image(96, 96, 6)
    return [
        ("noise8_192x176", a1, add_noise(a1, 8, 2), 5),
        ("blur_noise2_203x171", a2, add_noise(box_blur(a2), 2, 4), 5),
        ("noise40_192x176", a1, add_noise(a1, 40, 5), 5),
        ("inverted_192x176", a1, (255 - a1.astype(np.int64)).astype(np.uint8), 5),
        ("noise12_96x96_4scales", a4, add_noise(a4, 12, 7), 4),
        ("noise12_96x96_3scales", a4, add_noise(a4, 12, 7), 3),
    ]


if __name__ == '__main__':
    a1 = make_image(192, 176, 1)
    # checksums so that the Java generator can be checked sample by sample
    print("checksum make_image(192,176,1): sum=%d first=%s" % (int(a1.astype(np.int64).sum()),
                                                             a1[0, :2].ravel().tolist()))
    for name, a, b, s in pairs():
        print("%-24s scales=%d  ms_ssim=%.15f  psnr=%.12f  sum_b=%d" % (
            name, s, ms_ssim(a, b, s), psnr_rgb(a, b), int(b.astype(np.int64).sum())))
    # single-scale SSIM of the first two pairs, and skimage's value when available
    try:
        from skimage.metrics import structural_similarity
    except ImportError:
        structural_similarity = None
    for name, a, b, _ in pairs()[:2]:
        line = "%-24s scales=1  ssim=%.15f" % (name, ms_ssim(a, b, 1))
        if structural_similarity is not None:
            line += "  skimage=%.15f" % structural_similarity(
                a.astype(np.float64), b.astype(np.float64), gaussian_weights=True, sigma=1.5,
                use_sample_covariance=False, data_range=255, channel_axis=2)
        print(line)
