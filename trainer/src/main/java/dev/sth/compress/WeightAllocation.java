package dev.sth.compress;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.sth.metrics.Distortion;
import dev.sth.metrics.Metrics;
import dev.sth.model.NetworkConfig;
import dev.sth.model.Transform;
import dev.sth.train.HardRoundTrip;
import dev.sth.train.WeightCompression;

/**
 * Bit allocation across kernels for uniform weight grids, from measured sensitivities.
 *
 * <p>Kernels differ by orders of magnitude in how much image distortion a given weight error
 * causes: one grid step relative to each kernel's RMS (as {@code --grid-step} does) over-spends bits
 * on robust kernels and under-spends them on sensitive ones. Near a trained optimum the distortion
 * added by quantizing kernel l is about a_l · n_l · e_l (n_l weights of mean squared error e_l), and
 * an entropy-coded uniform grid of step Δ_l costs about n_l (h_l − log2 Δ_l) bits. Minimising the
 * bits for a given total distortion (Lagrange) gives equal a_l · e_l for every kernel: each kernel
 * adds distortion in proportion to its size.
 *
 * <p>a_l is measured, not assumed: quantize kernel l alone, run calibration images through the real
 * inference path (hard latent quantization), and take the added MSE. The allocation is then refined
 * once with a_l re-measured at the allocated step, where the response is no longer quadratic, and
 * the common level is set by bisection on the measured total loss of all kernels quantized together.
 * The calibration images are the training set's held-out validation images, never Kodak or B100.
 *
 * <p>With per-channel multipliers m ({@link ChannelSensitivity}), everything above happens in scaled
 * units u = w / m: the grid is uniform in u, and a kernel's error is measured as mean((u − û)²), which
 * weighs each weight's error by what it costs.
 */
final class WeightAllocation {

    /** A kernel's allocated grid step and what the calibration measured for it. */
    record Kernel(String name, long weights, double rms, double step, double weightMse, double addedMse, double bits) {
    }

    /** The allocation: steps per kernel, and the measured calibration MSE before and after. */
    record Result(Map<String, Kernel> kernels, double baseMse, double quantizedMse) {
        double lossDb() {
            return Metrics.psnr(baseMse) - Metrics.psnr(quantizedMse);
        }

        double bitsPerWeight() {
            double bits = 0;
            long n = 0;
            for (Kernel k : kernels.values()) {
                bits += k.bits() * k.weights();
                n += k.weights();
            }
            return bits / n;
        }
    }

    private static final double PROBE_STEP = 0.25; // × RMS: coarse enough to rise above float noise
    private static final int BISECTION_STEPS = 14;

    private final NetworkConfig net;
    private final float[] latentCenters;
    private final List<INDArray> images;
    private final Map<String, INDArray> params;
    private final Map<String, float[]> multipliers;
    private final Distortion distortion;
    private final PrintStream out;

    /**
     * @param params        float weights of both halves (analysis and synthesis)
     * @param latentCenters the model's latent centers [L][d]
     * @param images        calibration images [1,3,h,w] in [0,1]
     */
    WeightAllocation(NetworkConfig net, Map<String, INDArray> params, float[] latentCenters, List<INDArray> images,
                     PrintStream out) {
        this(net, params, Map.of(), Distortion.MSE, latentCenters, images, out);
    }

    /**
     * @param multipliers per-element step multipliers of some kernels (others: 1)
     * @param distortion  what the loss is measured in: MSE, or 1 − MS-SSIM for a model trained on MS-SSIM
     */
    WeightAllocation(NetworkConfig net, Map<String, INDArray> params, Map<String, float[]> multipliers,
                     Distortion distortion, float[] latentCenters, List<INDArray> images, PrintStream out) {
        this.net = net;
        this.params = params;
        this.multipliers = multipliers;
        this.distortion = distortion;
        this.latentCenters = latentCenters;
        this.images = images;
        this.out = out;
    }

    /** Steps for every compressed kernel such that the calibration PSNR drops by {@code lossDb}. */
    Result allocate(double lossDb) {
        double base = mse(params);
        double budget = base * (Math.pow(10, lossDb / 10) - 1);
        List<String> names = new ArrayList<>();
        Map<String, Double> rms = new LinkedHashMap<>();
        Map<String, Double> sensitivity = new LinkedHashMap<>();
        for (String k : params.keySet()) {
            if (!WeightCompression.compresses(k)) continue;
            names.add(k);
            rms.put(k, rms(scaled(k)));
        }
        // Probe each kernel alone at a common relative step.
        for (String k : names) sensitivity.put(k, measure(k, PROBE_STEP * rms.get(k), base));
        floor(sensitivity, rms);
        Map<String, Double> steps = level(names, sensitivity, budget, base);
        // Refine: re-measure each kernel at its allocated step, then level again. Below the probe step a
        // kernel's added error is too small to measure against the latents' rounding flips, so not finer.
        for (String k : names) sensitivity.put(k, measure(k, Math.max(steps.get(k), PROBE_STEP * rms.get(k)), base));
        floor(sensitivity, rms);
        steps = level(names, sensitivity, budget, base);

        Map<String, Kernel> kernels = new LinkedHashMap<>();
        for (String k : names) {
            float[] w = scaled(k);
            double step = steps.get(k);
            double e = weightMse(w, step);
            kernels.put(k, new Kernel(k, w.length, rms.get(k), step, e, sensitivity.get(k) * w.length * e,
                    entropyBits(w, step)));
        }
        Result r = new Result(kernels, base, mse(quantized(steps)));
        print(r);
        return r;
    }

    /** a_l: added calibration MSE per weight per unit of weight MSE, kernel {@code k} alone at {@code step}. */
    private double measure(String k, double step, double base) {
        Map<String, INDArray> p = new LinkedHashMap<>(params);
        float[] w = scaled(k);
        p.put(k, quantized(k, step));
        double e = weightMse(w, step);
        return (mse(p) - base) / (w.length * e);
    }

    /**
     * Kernels whose probe happened to help get a small positive sensitivity, so every step stays finite.
     * The floor is in units of relative weight error (a_l · RMS_l²), which rescaling a ReLU layer leaves
     * unchanged, so the allocation follows the network's rescaling symmetry.
     */
    private static void floor(Map<String, Double> a, Map<String, Double> rms) {
        double max = 0;
        for (String k : a.keySet()) max = Math.max(max, a.get(k) * rms.get(k) * rms.get(k));
        double m = max > 0 ? max : 1;
        a.replaceAll((k, v) -> Math.max(v, 1e-3 * m / (rms.get(k) * rms.get(k))));
    }

    /**
     * Steps with a_l · Δ_l² equal for all kernels (e_l ≈ Δ_l²/12), the common level found by bisection
     * (in log scale) on the measured MSE of the whole quantized network.
     */
    private Map<String, Double> level(List<String> names, Map<String, Double> a, double budget, double base) {
        double lo = 1e-12;
        double hi = 1e6;
        Map<String, Double> best = steps(names, a, lo);
        for (int i = 0; i < BISECTION_STEPS; i++) {
            double mid = Math.sqrt(lo * hi);
            Map<String, Double> s = steps(names, a, mid);
            if (mse(quantized(s)) - base <= budget) {
                lo = mid;
                best = s;
            } else {
                hi = mid;
            }
        }
        return best;
    }

    private Map<String, Double> steps(List<String> names, Map<String, Double> a, double kappa) {
        Map<String, Double> s = new LinkedHashMap<>();
        for (String k : names) s.put(k, Math.sqrt(12 * kappa / a.get(k)));
        return s;
    }

    private Map<String, INDArray> quantized(Map<String, Double> steps) {
        Map<String, INDArray> p = new LinkedHashMap<>(params);
        steps.forEach((k, step) -> p.put(k, quantized(k, step)));
        return p;
    }

    /** Kernel k on its grid: round(u / Δ) · Δ · m. */
    INDArray quantized(String k, double step) {
        float[] q = round(scaled(k), step);
        float[] m = multipliers.get(k);
        if (m != null) for (int i = 0; i < q.length; i++) q[i] *= m[i];
        return Nd4j.create(q, params.get(k).shape(), 'c');
    }

    /** Kernel k in scaled units u = w / m (its grid is uniform in these). */
    float[] scaled(String k) {
        float[] w = params.get(k).dup('c').data().asFloat();
        float[] m = multipliers.get(k);
        if (m != null) for (int i = 0; i < w.length; i++) w[i] /= m[i];
        return w;
    }

    /**
     * The calibration images' distortion through the inference path: the geometric mean over images of
     * the MSE (8-bit scale, unclamped), or of 1 − MS-SSIM (8-bit output, as decoded) for an MS-SSIM model.
     * A loss in dB is then the drop in mean PSNR, or in mean MS-SSIM dB: the figures evaluation and
     * BD-rate average (a pooled MSE would let the noisiest images decide).
     */
    double mse(Map<String, INDArray> p) {
        Transform analysis = Transform.analysis(net, p);
        Transform synthesis = Transform.synthesis(net, p);
        double logSum = 0;
        for (INDArray x : images) {
            INDArray xhat = HardRoundTrip.of(analysis, synthesis, x, latentCenters, net.vectorDim()).xhat();
            logSum += Math.log(distortion == Distortion.MS_SSIM ? imageMsSsimLoss(x, xhat) : imageMse(x, xhat));
        }
        return Math.exp(logSum / images.size());
    }

    /** 1 − MS-SSIM of one image [1,3,h,w] against its reconstruction, clamped and rounded to 8 bits. */
    static double imageMsSsimLoss(INDArray x, INDArray xhat) {
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        float[] a = x.dup('c').data().asFloat();
        float[] b = xhat.dup('c').data().asFloat();
        double[][] pa = new double[3][h * w];
        double[][] pb = new double[3][h * w];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < h * w; i++) {
                pa[c][i] = Math.rint(Math.max(0, Math.min(1, a[c * h * w + i])) * 255);
                pb[c][i] = Math.rint(Math.max(0, Math.min(1, b[c * h * w + i])) * 255);
            }
        }
        int scales = 1;
        while (scales < dev.sth.metrics.Metrics.MAX_SCALES && Math.min(h, w) > 10 * (1 << scales)) scales++;
        return Math.max(1 - dev.sth.metrics.Metrics.msSsim(pa, pb, w, h, scales), 1e-9);
    }

    /** One image's MSE on the 8-bit scale, unclamped. */
    static double imageMse(INDArray x, INDArray xhat) {
        float[] a = x.dup('c').data().asFloat();
        float[] b = xhat.dup('c').data().asFloat();
        double se = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (a[i] - b[i]) * 255.0;
            se += d * d;
        }
        return Math.max(se / a.length, 1e-12);
    }

    /** w rounded to the nearest multiple of step (the grid of {@link WeightCompression#gridCenters}). */
    static float[] round(float[] w, double step) {
        float[] q = new float[w.length];
        for (int i = 0; i < w.length; i++) q[i] = (float) (Math.rint(w[i] / step) * step);
        return q;
    }

    private static double weightMse(float[] w, double step) {
        float[] q = round(w, step);
        double s = 0;
        for (int i = 0; i < w.length; i++) s += (double) (w[i] - q[i]) * (w[i] - q[i]);
        return Math.max(s / w.length, 1e-30);
    }

    /** Order-0 entropy of the grid indices, bits per weight (the coder's figure comes at export). */
    static double entropyBits(float[] w, double step) {
        Map<Long, Integer> counts = new java.util.HashMap<>();
        for (float v : w) counts.merge(Math.round(Math.rint(v / step)), 1, Integer::sum);
        double h = 0;
        for (int c : counts.values()) {
            double p = c / (double) w.length;
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }

    private static double rms(float[] v) {
        double s = 0;
        for (float x : v) s += (double) x * x;
        return Math.sqrt(s / v.length);
    }

    private void print(Result r) {
        out.printf("%-28s %9s %9s %9s %11s %8s%n", "kernel", "weights", "step/RMS", "a·n·e", "share", "H bits");
        double total = r.kernels().values().stream().mapToDouble(Kernel::addedMse).sum();
        for (Kernel k : r.kernels().values()) {
            out.printf(Locale.ROOT, "%-28s %9d %9.3f %9.4f %10.1f%% %8.3f%n", k.name(), k.weights(), k.step() / k.rms(),
                    k.addedMse(), 100 * k.addedMse() / total, k.bits());
        }
        out.printf(Locale.ROOT, "calibration: %s %.4g -> %.4g (%.4f dB), %.3f bits/weight (order-0 entropy)%n",
                distortion == Distortion.MS_SSIM ? "1 - MS-SSIM" : "MSE", r.baseMse(), r.quantizedMse(), r.lossDb(),
                r.bitsPerWeight());
    }
}
