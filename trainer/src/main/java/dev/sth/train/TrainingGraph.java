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
import org.nd4j.linalg.factory.Nd4j;

import dev.sth.model.NetworkConfig;
import dev.sth.model.Quantizer;
import dev.sth.model.SthNetwork;

/**
 * The training graph: {@link SthNetwork}'s two halves around the relaxed {@link Quantizer}, and the
 * rate-distortion loss
 * <pre>
 *   loss = D(x, x̂) + quantMix · β · max(bpp − target, 0)
 * </pre>
 * where bpp is the quantizer's cross-entropy estimate scaled to bits per pixel. The schedule feeds
 * σ (softness), hardMix (0 soft forward, 1 straight-through hard) and quantMix (0 bypasses the
 * quantizer, for the warm-up whose latents initialise the centers) as placeholders, so one graph
 * serves every phase.
 */
public final class TrainingGraph {

    public static final String CENTERS = "quantizer.centers";
    static final String X = "x";
    static final String SIGMA = "sigma";
    static final String HARD_MIX = "hardMix";
    static final String QUANT_MIX = "quantMix";

    /** Scalars reported per step. */
    public record Outputs(double loss, double distortion, double mse, double bitsPerSymbol, double bpp) {
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

    /**
     * @param crop training crop size: MS-SSIM uses as many scales as it allows (5 above 160 px)
     */
    public TrainingGraph(NetworkConfig config, Map<String, INDArray> params, INDArray centers,
                         Distortion distortionKind, double beta, double targetBpp, int crop) {
        SthNetwork net = new SthNetwork(config);
        SDVariable x = sd.placeHolder(X, DataType.FLOAT, -1, 3, -1, -1);
        SDVariable sigma = sd.placeHolder(SIGMA, DataType.FLOAT);
        SDVariable hardMix = sd.placeHolder(HARD_MIX, DataType.FLOAT);
        SDVariable quantMix = sd.placeHolder(QUANT_MIX, DataType.FLOAT);

        Map<String, SDVariable> vars = SthNetwork.declare(sd, params, "");
        SDVariable c = sd.var(CENTERS, centers);
        trainable.addAll(vars.keySet());
        trainable.add(CENTERS);

        SDVariable z = net.analysis(sd, x, vars);
        Quantizer.Relaxed q = Quantizer.relaxLatent(sd, z, c, sigma, hardMix, config);
        SDVariable zhat = z.add(q.quantized().sub(z).mul(quantMix));
        SDVariable xhat = net.synthesis(sd, zhat, vars);

        SDVariable mseVar = sd.math().square(xhat.sub(x)).mean().mul(255.0 * 255.0);
        SDVariable dVar = distortionKind == Distortion.MSE ? mseVar : MsSsimLoss.defineForCrop(sd, x, xhat, crop);
        SDVariable bppVar = q.crossEntropy().mul(config.symbolChannels() / (double) (NetworkConfig.STRIDE * NetworkConfig.STRIDE));
        SDVariable excess = sd.nn().relu(bppVar.sub(targetBpp), 0.0);
        SDVariable lossVar = dVar.add(excess.mul(beta).mul(quantMix));

        loss = lossVar.rename("loss").name();
        distortion = dVar.name();
        mse = mseVar.name();
        entropy = q.crossEntropy().name();
        bpp = bppVar.name();
        latent = z.name();
        reconstruction = xhat.name();
        hardLatent = q.hard().name();
        sd.setLossVariables(loss);
        // SameDiff announces every differentiated op with System.out.println: build the gradient
        // graph now, with stdout muted, so training output stays readable.
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            sd.createGradFunction();
        } finally {
            System.setOut(stdout);
        }
    }

    /** Forward and backward for one batch; returns the scalars, and the gradients in {@code grads}. */
    public Outputs step(INDArray batch, double sigmaValue, double hardMixValue, double quantMixValue,
                        Map<String, INDArray> grads) {
        Map<String, INDArray> ph = new LinkedHashMap<>();
        ph.put(X, batch);
        ph.put(SIGMA, Nd4j.scalar((float) sigmaValue));
        ph.put(HARD_MIX, Nd4j.scalar((float) hardMixValue));
        ph.put(QUANT_MIX, Nd4j.scalar((float) quantMixValue));
        OutAndGrad r = sd.calculateGradientsAndOutputs(ph, List.of(loss, distortion, mse, entropy, bpp), trainable);
        grads.putAll(r.getGradients());
        Map<String, INDArray> o = r.getOutputs();
        return new Outputs(o.get(loss).getDouble(0), o.get(distortion).getDouble(0), o.get(mse).getDouble(0),
                o.get(entropy).getDouble(0), o.get(bpp).getDouble(0));
    }

    /** Forward only: the latent z, its hard quantization and the reconstruction x̂, for tests and checks. */
    public Map<String, INDArray> forward(INDArray batch, double sigmaValue, double hardMixValue, double quantMixValue) {
        Map<String, INDArray> ph = new LinkedHashMap<>();
        ph.put(X, batch);
        ph.put(SIGMA, Nd4j.scalar((float) sigmaValue));
        ph.put(HARD_MIX, Nd4j.scalar((float) hardMixValue));
        ph.put(QUANT_MIX, Nd4j.scalar((float) quantMixValue));
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

    public SameDiff sameDiff() {
        return sd;
    }
}
