package dev.sth.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.factory.Nd4j;

import dev.sth.metrics.Distortion;
import dev.sth.metrics.MsSsimLoss;
import dev.sth.model.Gradients;
import dev.sth.model.NetworkConfig;
import dev.sth.model.Quantizer;
import dev.sth.model.SthNetwork;

/**
 * The training graph: {@link SthNetwork}'s two halves around the relaxed {@link Quantizer}, and the
 * rate-distortion loss
 * <pre>
 *   loss = D(x, x̂) + quantMix · β · max(bpp − target, 0)
 * </pre>
 * where bpp is the rate estimate scaled to bits per pixel: the quantizer's order-0 cross-entropy, or
 * with {@link RateModel#CONTEXT} the expected code length under the coder's context tables, fed per
 * step as the placeholder {@code codeLengths} ({@link ContextRate}). The schedule feeds
 * σ (softness), hardMix (0 soft forward, 1 straight-through hard) and quantMix (0 bypasses the
 * quantizer, for the warm-up whose latents initialise the centers) as placeholders, so one graph
 * serves every phase.
 *
 * <p>With {@link WeightCompression} on, every convolution kernel enters the network through the same
 * relaxed quantizer (its own centers, σ_w and hardMix_w placeholders), and the loss gains
 * β_w × bits per weight (the weights' cross-entropy, weighted by tensor size).
 */
public final class TrainingGraph {

    public static final String CENTERS = "quantizer.centers";
    static final String X = "x";
    static final String SIGMA = "sigma";
    static final String HARD_MIX = "hardMix";
    static final String QUANT_MIX = "quantMix";
    static final String WEIGHT_SIGMA = "weightSigma";
    static final String WEIGHT_HARD_MIX = "weightHardMix";
    static final String CODE_LENGTHS = "codeLengths";

    /** Scalars reported per step; {@code weightBits} is NaN without weight compression. */
    public record Outputs(double loss, double distortion, double mse, double bitsPerSymbol, double bpp,
                          double weightBits) {
    }

    private final SameDiff sd = SameDiff.create();
    private final List<String> trainable = new ArrayList<>();
    private final String loss;
    private final String distortion;
    private final String mse;
    private final String entropy;
    private final String bpp;
    private final String latent;
    private final String reconstruction;
    private final String hardLatent;
    private final WeightCompression weightCompression;
    private final String weightBits;
    private final RateModel rateModel;

    /**
     * @param crop training crop size: MS-SSIM uses as many scales as it allows (5 above 160 px)
     */
    public TrainingGraph(NetworkConfig config, Map<String, INDArray> params, INDArray centers,
                         Distortion distortionKind, double beta, double targetBpp, int crop) {
        this(config, params, centers, distortionKind, beta, targetBpp, crop, WeightCompression.NONE);
    }

    /** @param params network parameters, plus each weight's centers when {@code wc} is enabled */
    public TrainingGraph(NetworkConfig config, Map<String, INDArray> params, INDArray centers,
                         Distortion distortionKind, double beta, double targetBpp, int crop, WeightCompression wc) {
        this(config, params, centers, distortionKind, beta, targetBpp, crop, wc, RateModel.ORDER0);
    }

    /** @param rate what the loss counts as the rate */
    public TrainingGraph(NetworkConfig config, Map<String, INDArray> params, INDArray centers,
                         Distortion distortionKind, double beta, double targetBpp, int crop, WeightCompression wc,
                         RateModel rate) {
        this.weightCompression = wc;
        this.rateModel = rate;
        SthNetwork net = new SthNetwork(config);
        SDVariable x = sd.placeHolder(X, DataType.FLOAT, -1, 3, -1, -1);
        SDVariable sigma = sd.placeHolder(SIGMA, DataType.FLOAT);
        SDVariable hardMix = sd.placeHolder(HARD_MIX, DataType.FLOAT);
        SDVariable quantMix = sd.placeHolder(QUANT_MIX, DataType.FLOAT);

        Map<String, SDVariable> vars = SthNetwork.declare(sd, params, "");
        SDVariable c = sd.var(CENTERS, centers);
        trainable.addAll(vars.keySet());
        trainable.add(CENTERS);

        // The network reads its kernels through the weight quantizer when compressing.
        Map<String, SDVariable> netVars = new LinkedHashMap<>(vars);
        SDVariable weightBitsVar = wc.enabled() && !wc.fixedGrid() ? quantizeWeights(params, vars, netVars, wc) : null;
        SDVariable gridTerm = wc.enabled() && wc.fixedGrid() ? fixedGridWeights(params, vars, netVars) : null;

        SDVariable z = net.analysis(sd, x, netVars);
        Quantizer.Relaxed q = Quantizer.relaxLatent(sd, z, c, sigma, hardMix, config);
        SDVariable zhat = z.add(q.quantized().sub(z).mul(quantMix));
        SDVariable xhat = net.synthesis(sd, zhat, netVars);

        SDVariable mseVar = sd.math().square(xhat.sub(x)).mean().mul(255.0 * 255.0);
        SDVariable dVar = distortionKind == Distortion.MSE ? mseVar : MsSsimLoss.defineForCrop(sd, x, xhat, crop);
        SDVariable bitsPerSymbol = q.crossEntropy();
        if (rate == RateModel.CONTEXT) {
            SDVariable len = sd.placeHolder(CODE_LENGTHS, DataType.FLOAT, -1, config.symbolChannels(), config.centers());
            bitsPerSymbol = q.assignment().mul(len).sum(2).mean();
        }
        SDVariable bppVar = bitsPerSymbol.mul(config.symbolChannels() / (double) (NetworkConfig.STRIDE * NetworkConfig.STRIDE));
        SDVariable excess = sd.nn().relu(bppVar.sub(targetBpp), 0.0);
        SDVariable lossVar = dVar.add(excess.mul(beta).mul(quantMix));
        if (weightBitsVar != null) lossVar = lossVar.add(weightBitsVar.mul(wc.beta()));
        if (gridTerm != null) lossVar = lossVar.add(gridTerm);

        loss = lossVar.rename("loss").name();
        distortion = dVar.name();
        mse = mseVar.name();
        entropy = bitsPerSymbol.name();
        bpp = bppVar.name();
        latent = z.name();
        reconstruction = xhat.name();
        hardLatent = q.hard().name();
        weightBits = weightBitsVar == null ? null : weightBitsVar.name();
        sd.setLossVariables(loss);
        Gradients.define(sd);
    }

    /**
     * Relaxes every compressed kernel through {@link Quantizer#relax} (rows of d consecutive weights,
     * as {@link dev.sth.model.QuantizedWeights} groups them) and returns the mean bits per weight.
     */
    private SDVariable quantizeWeights(Map<String, INDArray> params, Map<String, SDVariable> vars,
                                       Map<String, SDVariable> netVars, WeightCompression wc) {
        SDVariable sigmaW = sd.placeHolder(WEIGHT_SIGMA, DataType.FLOAT);
        SDVariable hardMixW = sd.placeHolder(WEIGHT_HARD_MIX, DataType.FLOAT);
        SDVariable bits = null;
        long total = 0;
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            if (!WeightCompression.compresses(e.getKey())) continue;
            SDVariable centersVar = vars.get(WeightCompression.centersOf(e.getKey()));
            if (centersVar == null) throw new IllegalStateException("no centers for " + e.getKey());
            long n = e.getValue().length();
            SDVariable rows = vars.get(e.getKey()).reshape(-1, 1, wc.vectorDim());
            int l = (int) params.get(WeightCompression.centersOf(e.getKey())).size(0);
            Quantizer.Relaxed r = Quantizer.relax(sd, rows, centersVar, sigmaW, hardMixW, l);
            // Once hard, the sharp soft assignment passes almost no gradient to the weights, so they
            // also get the classic straight-through one (forward value unchanged: v − stopgrad(v) = 0).
            SDVariable identity = rows.sub(new StopGradient(sd, rows).outputVariable()).mul(hardMixW);
            netVars.put(e.getKey(), r.quantized().add(identity).reshape(e.getValue().shape()));
            SDVariable layerBits = r.crossEntropy().mul((double) n / wc.vectorDim());
            bits = bits == null ? layerBits : bits.add(layerBits);
            total += n;
        }
        if (bits == null) throw new IllegalStateException("weight compression found no kernels");
        return bits.div((double) total);
    }

    /**
     * Every compressed kernel hard-quantized to its fixed uniform grid, straight-through:
     * w + stopgrad(Δ·round(w/Δ) − w), Δ scaled per channel where the kernel has channel scales. Returns a
     * zero loss term that keeps the (fixed) centers and scales in the gradient graph, so they stay ordinary
     * parameters with a zero gradient.
     */
    private SDVariable fixedGridWeights(Map<String, INDArray> params, Map<String, SDVariable> vars,
                                        Map<String, SDVariable> netVars) {
        SDVariable zero = null;
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            if (!WeightCompression.compresses(e.getKey())) continue;
            String centersName = WeightCompression.centersOf(e.getKey());
            float[] c = params.get(centersName).data().asFloat();
            if (c.length < 2) throw new IllegalStateException("no grid for " + e.getKey());
            double step = c[1] - c[0];
            SDVariable w = vars.get(e.getKey());
            SDVariable scaleIn = vars.get(WeightCompression.scaleInOf(e.getKey()));
            SDVariable z = vars.get(centersName).sum().mul(0.0);
            SDVariable grid; // the step of every element: Δ, or Δ · in[i] · out[o] with channel scales
            if (scaleIn != null) {
                SDVariable scaleOut = vars.get(WeightCompression.scaleOutOf(e.getKey()));
                grid = scaleIn.reshape(-1, 1).mul(scaleOut.reshape(1, -1)).mul(step);
                z = z.add(scaleIn.sum().mul(0.0)).add(scaleOut.sum().mul(0.0));
            } else {
                grid = sd.constant(Nd4j.scalar((float) step));
            }
            SDVariable q = sd.math().round(w.div(grid)).mul(grid);
            netVars.put(e.getKey(), w.add(new StopGradient(sd, q.sub(w)).outputVariable()));
            zero = zero == null ? z : zero.add(z);
        }
        if (zero == null) throw new IllegalStateException("weight compression found no kernels");
        return zero;
    }

    /**
     * Forward and backward for one batch; returns the scalars, and the gradients in {@code grads}, which
     * stay valid until the next step (their buffers are pooled and reused).
     */
    public Outputs step(INDArray batch, double sigmaValue, double hardMixValue, double quantMixValue,
                        Map<String, INDArray> grads) {
        return step(batch, sigmaValue, hardMixValue, quantMixValue, new WeightCompression.Phase(1, 1), grads);
    }

    /** As above, with the weight quantizer's σ and hardMix (ignored without weight compression). */
    public Outputs step(INDArray batch, double sigmaValue, double hardMixValue, double quantMixValue,
                        WeightCompression.Phase weights, Map<String, INDArray> grads) {
        return step(batch, sigmaValue, hardMixValue, quantMixValue, weights, null, grads);
    }

    /**
     * As above; {@code codeLengths} [B·h·w, C/d, L] are the bits of every center at every position
     * ({@link ContextRate#stepLengths}), required with {@link RateModel#CONTEXT} and ignored otherwise.
     */
    public Outputs step(INDArray batch, double sigmaValue, double hardMixValue, double quantMixValue,
                        WeightCompression.Phase weights, INDArray codeLengths, Map<String, INDArray> grads) {
        Map<String, INDArray> ph = placeholders(batch, sigmaValue, hardMixValue, quantMixValue, weights);
        if (rateModel == RateModel.CONTEXT) {
            if (codeLengths == null) throw new IllegalArgumentException("a context-rate graph needs the code lengths");
            ph.put(CODE_LENGTHS, codeLengths);
        }
        // The previous step's buffers, its gradients included, go back to the pool (Gradients.pooled).
        Gradients.pooled(sd).reclaim();
        List<String> outs = new java.util.ArrayList<>(List.of(loss, distortion, mse, entropy, bpp));
        if (weightBits != null) outs.add(weightBits);
        OutAndGrad r = sd.calculateGradientsAndOutputs(ph, outs, trainable);
        grads.putAll(r.getGradients());
        Map<String, INDArray> o = r.getOutputs();
        return new Outputs(o.get(loss).getDouble(0), o.get(distortion).getDouble(0), o.get(mse).getDouble(0),
                o.get(entropy).getDouble(0), o.get(bpp).getDouble(0),
                weightBits == null ? Double.NaN : o.get(weightBits).getDouble(0));
    }

    private Map<String, INDArray> placeholders(INDArray batch, double sigmaValue, double hardMixValue,
                                               double quantMixValue, WeightCompression.Phase weights) {
        Map<String, INDArray> ph = new LinkedHashMap<>();
        ph.put(X, batch);
        ph.put(SIGMA, Nd4j.scalar((float) sigmaValue));
        ph.put(HARD_MIX, Nd4j.scalar((float) hardMixValue));
        ph.put(QUANT_MIX, Nd4j.scalar((float) quantMixValue));
        if (weightBits != null) {
            ph.put(WEIGHT_SIGMA, Nd4j.scalar((float) weights.sigma()));
            ph.put(WEIGHT_HARD_MIX, Nd4j.scalar((float) weights.hardMix()));
        }
        return ph;
    }

    /**
     * Forward only: the latent z, its hard quantization and the reconstruction x̂, for tests and checks.
     * Compressed kernels are used hard.
     */
    public Map<String, INDArray> forward(INDArray batch, double sigmaValue, double hardMixValue, double quantMixValue) {
        Map<String, INDArray> ph = placeholders(batch, sigmaValue, hardMixValue, quantMixValue,
                new WeightCompression.Phase(weightCompression.sigma1(), 1));
        Map<String, INDArray> out = sd.output(ph, latent, hardLatent, reconstruction);
        return Map.of("z", out.get(latent), "zhard", out.get(hardLatent), "xhat", out.get(reconstruction));
    }

    /** The analysis output for a batch (used to initialise the centers by k-means). */
    public INDArray latent(INDArray batch) {
        return sd.output(Map.of(X, batch), latent).get(latent);
    }

    /** The live parameter arrays of this graph, centers included; updates to them take effect. */
    public Map<String, INDArray> parameters() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String name : trainable) out.put(name, sd.getArrForVarName(name));
        return out;
    }

    /**
     * The parameters as the exported model runs them: compressed kernels replaced by their hard
     * quantization (exactly what the bundle will store), weight centers dropped. Without weight
     * compression, the live parameters.
     */
    public Map<String, INDArray> inferenceParameters() {
        Map<String, INDArray> live = parameters();
        if (!weightCompression.enabled()) return live;
        Map<String, INDArray> out = new LinkedHashMap<>();
        quantizedWeights().forEach((k, q) -> out.put(k, q.toArray()));
        live.forEach((k, v) -> {
            if (!k.startsWith(WeightCompression.PREFIX)) out.putIfAbsent(k, v);
        });
        return out;
    }

    /** Each compressed kernel's hard quantization, centers in value order (empty without compression). */
    public Map<String, dev.sth.model.QuantizedWeights> quantizedWeights() {
        return weightCompression.quantize(parameters());
    }

    public RateModel rateModel() {
        return rateModel;
    }

    public SameDiff sameDiff() {
        return sd;
    }
}
