package dev.sth.compress;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.factory.Nd4j;

import dev.sth.eval.Images;
import dev.sth.model.ChannelScales;
import dev.sth.model.NetworkConfig;
import dev.sth.model.Quantizer;
import dev.sth.model.SthNetwork;
import dev.sth.train.WeightCompression;

/**
 * How much a weight error costs, per input and per output channel of every kernel, and the grid-step
 * multipliers ({@link ChannelScales}) that follow from it.
 *
 * <p>Near the trained weights, a small weight error δ adds ‖J δ‖² to the reconstruction's squared error
 * (J = ∂x̂/∂w, the latent quantization passed straight through), so weight i costs about diag(JᵀJ)_i per
 * unit of its squared error. That diagonal is estimated without forming J: for random v ~ N(0, I) over
 * the output, E[(Jᵀv)²] = diag(JᵀJ), and Jᵀv is one backward pass of v·x̂ (Hutchinson's estimator). Summed
 * over a channel's hundreds of weights, a few images give a stable figure. Images are weighted by the
 * inverse of their MSE, so the cost is in mean PSNR, as the allocation measures it.
 *
 * <p>With cost c(i, o) ≈ p_i · q_o (input channel i, output channel o), the bits for a given distortion are
 * least with step Δ(i, o) ∝ (p_i q_o)^(-1/2): the multipliers are p_i^(-1/2) and q_o^(-1/2), each axis
 * normalised to a geometric mean of 1 and clamped. A channel no image ever uses (a ReLU that never opens)
 * costs nothing, gets the largest step, and its weights round to zero.
 */
final class ChannelSensitivity {

    /** Multipliers are clamped to [1/MAX_SHRINK, MAX_GROW] around the kernel's own step. */
    static final double MAX_SHRINK = 8;
    static final double MAX_GROW = 16;

    private final NetworkConfig net;
    private final Map<String, INDArray> params;
    private final float[] latentCenters;

    ChannelSensitivity(NetworkConfig net, Map<String, INDArray> params, float[] latentCenters) {
        this.net = net;
        this.params = params;
        this.latentCenters = latentCenters;
    }

    /** diag(JᵀJ) of every compressed kernel, averaged over the images (each [1,3,h,w]), one probe each. */
    Map<String, INDArray> diagonal(List<INDArray> images, long seed) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, 1, 3, -1, -1);
        SDVariable v = sd.placeHolder("v", DataType.FLOAT, 1, 3, -1, -1);
        Map<String, SDVariable> vars = SthNetwork.declare(sd, params, "");
        SthNetwork network = new SthNetwork(net);
        SDVariable z = network.analysis(sd, x, vars);
        INDArray centers = Nd4j.create(latentCenters, new long[] {net.centers(), net.vectorDim()}, 'c');
        SDVariable one = sd.constant(Nd4j.scalar(1f));
        Quantizer.Relaxed q = Quantizer.relaxLatent(sd, z, sd.constant(centers), one, one, net);
        SDVariable zhat = z.add(new StopGradient(sd, q.hard().sub(z)).outputVariable()); // hard forward, identity back
        SDVariable xhat = network.synthesis(sd, zhat, vars);
        SDVariable probe = xhat.mul(v).sum();
        sd.setLossVariables(probe);
        List<String> kernels = params.keySet().stream().filter(WeightCompression::compresses).toList();

        Map<String, INDArray> sum = new LinkedHashMap<>();
        Random rnd = new Random(seed);
        java.io.PrintStream stdout = System.out;
        for (INDArray img : images) {
            long[] shape = img.shape();
            float[] noise = new float[(int) img.length()];
            for (int i = 0; i < noise.length; i++) noise[i] = (float) rnd.nextGaussian();
            Map<String, INDArray> ph = Map.of("x", img, "v", Nd4j.create(noise, shape, 'c'));
            org.nd4j.autodiff.samediff.api.OutAndGrad r;
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())); // SameDiff's op chatter
            try {
                r = sd.calculateGradientsAndOutputs(ph, List.of(xhat.name()), kernels);
            } finally {
                System.setOut(stdout);
            }
            // Each image weighs 1 / its own MSE: the cost is then the change in mean log-MSE (mean PSNR),
            // as WeightAllocation measures it.
            double weight = 1 / WeightAllocation.imageMse(img, r.getOutputs().get(xhat.name()));
            for (String k : kernels) {
                INDArray g = r.getGradients().get(k);
                sum.merge(k, g.mul(g).muli(weight), INDArray::addi);
            }
        }
        sum.replaceAll((k, s) -> s.divi(images.size()));
        return sum;
    }

    /**
     * The per-channel multipliers of one kernel's step from its diag(JᵀJ) [.., in, out], raised to
     * {@code power}: 1 follows the estimate fully, less tempers it towards one step per kernel.
     */
    static ChannelScales scales(INDArray diagonal, double power) {
        long[] shape = diagonal.shape();
        int in = (int) shape[shape.length - 2];
        int out = (int) shape[shape.length - 1];
        float[] d = diagonal.dup('c').data().asFloat();
        double[] p = new double[in];
        double[] q = new double[out];
        for (int e = 0; e < d.length; e++) {
            p[(e / out) % in] += d[e];
            q[e % out] += d[e];
        }
        return ChannelScales.of(multipliers(p, power), multipliers(q, power));
    }

    /** (c^(-1/2), normalised to geometric mean 1 over the channels that cost anything, clamped)^power. */
    static double[] multipliers(double[] cost, double power) {
        double max = 0;
        for (double c : cost) max = Math.max(max, c);
        double floor = max > 0 ? max * 1e-12 : 1;
        double logMean = 0;
        int used = 0;
        for (double c : cost) {
            if (c > max * 1e-6) {
                logMean += Math.log(c);
                used++;
            }
        }
        double gm = used > 0 ? Math.exp(logMean / used) : 1;
        double[] m = new double[cost.length];
        for (int i = 0; i < cost.length; i++) {
            double s = Math.sqrt(gm / Math.max(cost[i], floor));
            m[i] = Math.pow(Math.max(1 / MAX_SHRINK, Math.min(MAX_GROW, s)), power);
        }
        return m;
    }
}
