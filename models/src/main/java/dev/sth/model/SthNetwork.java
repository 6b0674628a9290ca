package dev.sth.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.DataFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one definition of the sth autoencoder, used by the trainer, the encoder and the decoder.
 *
 * <pre>
 *  x [B,3,H,W] in [0,1]
 *   │ analysis:  conv5×5/2 → N, ReLU │ conv5×5/2 → N, ReLU │ R × residual(3×3, N) │ conv5×5/2 → C
 *   ▼
 *  z [B,C,H/8,W/8]  ──Quantizer──▶  ẑ (centers), symbols (indices, entropy coded)
 *   │ synthesis: conv3×3 → 4N, d2s, ReLU │ R × residual(3×3, N) │ conv3×3 → 4N, d2s, ReLU │ conv3×3 → 12, d2s
 *   ▼
 *  x̂ [B,3,H,W]
 * </pre>
 *
 * Upsampling is sub-pixel convolution (conv + depth-to-space): ND4J's deconv2d is not accelerated
 * by oneDNN and runs ~10× slower. Parameters are named {@code analysis.*} and {@code synthesis.*}
 * so that the decoder can load only the synthesis half.
 */
public final class SthNetwork {

    public static final String ANALYSIS = "analysis.";
    public static final String SYNTHESIS = "synthesis.";

    /** One convolution of the spec; {@code upsample} means conv to 4× channels then depth-to-space. */
    public record Conv(String name, int kernel, int in, int out, int stride, boolean upsample) {
        long[] weightShape() {
            return new long[] {kernel, kernel, in, upsample ? 4L * out : out};
        }

        long[] biasShape() {
            return new long[] {upsample ? 4L * out : out};
        }
    }

    private final NetworkConfig config;

    public SthNetwork(NetworkConfig config) {
        this.config = config;
    }

    public NetworkConfig config() {
        return config;
    }

    /** Every convolution in graph order; both halves and the parameter initialiser walk this list. */
    public List<Conv> convolutions() {
        int n = config.channels();
        int c = config.latentChannels();
        List<Conv> convs = new ArrayList<>();
        convs.add(new Conv(ANALYSIS + "conv0", 5, 3, n, 2, false));
        convs.add(new Conv(ANALYSIS + "conv1", 5, n, n, 2, false));
        for (int i = 0; i < config.residualBlocks(); i++) {
            convs.add(new Conv(ANALYSIS + "res" + i + ".a", 3, n, n, 1, false));
            convs.add(new Conv(ANALYSIS + "res" + i + ".b", 3, n, n, 1, false));
        }
        convs.add(new Conv(ANALYSIS + "conv2", 5, n, c, 2, false));
        convs.add(new Conv(SYNTHESIS + "up0", 3, c, n, 1, true));
        for (int i = 0; i < config.residualBlocks(); i++) {
            convs.add(new Conv(SYNTHESIS + "res" + i + ".a", 3, n, n, 1, false));
            convs.add(new Conv(SYNTHESIS + "res" + i + ".b", 3, n, n, 1, false));
        }
        convs.add(new Conv(SYNTHESIS + "up1", 3, n, n, 1, true));
        convs.add(new Conv(SYNTHESIS + "up2", 3, n, 3, 1, true));
        return convs;
    }

    /** He-initialised weights and zero biases for every convolution, named {@code <conv>.W / .b}. */
    public Map<String, INDArray> initialParameters(long seed) {
        Random rnd = new Random(seed);
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (Conv conv : convolutions()) {
            long[] ws = conv.weightShape();
            int count = (int) (ws[0] * ws[1] * ws[2] * ws[3]);
            double std = Math.sqrt(2.0 / (conv.kernel() * conv.kernel() * conv.in()));
            // The second conv of a residual branch starts small so each block starts near identity.
            if (conv.name().endsWith(".b")) std *= 0.1;
            float[] w = new float[count];
            for (int i = 0; i < count; i++) w[i] = (float) (rnd.nextGaussian() * std);
            params.put(conv.name() + ".W", Nd4j.create(w, ws, 'c'));
            params.put(conv.name() + ".b", Nd4j.zeros(DataType.FLOAT, conv.biasShape()));
        }
        return params;
    }

    /** Analysis transform: x [B,3,H,W] in [0,1] (H, W multiples of 8) to latent z [B,C,H/8,W/8]. */
    public SDVariable analysis(SameDiff sd, SDVariable x, Map<String, SDVariable> params) {
        SDVariable h = x.sub(0.5);
        int r = config.residualBlocks();
        h = relu(sd, conv(sd, h, params, ANALYSIS + "conv0", 5, 2));
        h = relu(sd, conv(sd, h, params, ANALYSIS + "conv1", 5, 2));
        for (int i = 0; i < r; i++) h = residual(sd, h, params, ANALYSIS + "res" + i);
        return conv(sd, h, params, ANALYSIS + "conv2", 5, 2);
    }

    /** Synthesis transform: quantized latent ẑ [B,C,h,w] to x̂ [B,3,8h,8w] (not clamped). */
    public SDVariable synthesis(SameDiff sd, SDVariable zhat, Map<String, SDVariable> params) {
        int r = config.residualBlocks();
        SDVariable h = relu(sd, upsample(sd, zhat, params, SYNTHESIS + "up0"));
        for (int i = 0; i < r; i++) h = residual(sd, h, params, SYNTHESIS + "res" + i);
        h = relu(sd, upsample(sd, h, params, SYNTHESIS + "up1"));
        return upsample(sd, h, params, SYNTHESIS + "up2").add(0.5);
    }

    /**
     * Declares the parameters whose names start with {@code prefix} as SameDiff variables holding
     * the given arrays (trainable in a training graph; plain inputs to ops in an inference graph).
     */
    public static Map<String, SDVariable> declare(SameDiff sd, Map<String, INDArray> params, String prefix) {
        Map<String, SDVariable> vars = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            if (e.getKey().startsWith(prefix)) vars.put(e.getKey(), sd.var(e.getKey(), e.getValue()));
        }
        return vars;
    }

    private static SDVariable residual(SameDiff sd, SDVariable x, Map<String, SDVariable> p, String name) {
        SDVariable h = relu(sd, conv(sd, x, p, name + ".a", 3, 1));
        return x.add(conv(sd, h, p, name + ".b", 3, 1));
    }

    private static SDVariable upsample(SameDiff sd, SDVariable x, Map<String, SDVariable> p, String name) {
        return sd.cnn().depthToSpace(conv(sd, x, p, name, 3, 1), 2, DataFormat.NCHW);
    }

    private static SDVariable conv(SameDiff sd, SDVariable x, Map<String, SDVariable> p, String name, int k, int s) {
        SDVariable w = param(p, name + ".W");
        SDVariable b = param(p, name + ".b");
        Conv2DConfig cfg = Conv2DConfig.builder()
                .kH(k).kW(k).sH(s).sW(s)
                .paddingMode(PaddingMode.SAME)
                .dataFormat("NCHW")
                .build();
        return sd.cnn().conv2d(x, w, b, cfg);
    }

    private static SDVariable relu(SameDiff sd, SDVariable x) {
        return sd.nn().relu(x, 0.0);
    }

    private static SDVariable param(Map<String, SDVariable> p, String name) {
        SDVariable v = p.get(name);
        if (v == null) throw new IllegalStateException("model has no parameter '" + name + "'");
        return v;
    }
}
