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
 *   │ analysis:  conv5×5/2 → N, act │ conv5×5/2 → N, act │ R × residual(3×3, N) │ conv5×5/2 → C
 *   ▼
 *  z [B,C,H/8,W/8]  ──Quantizer──▶  ẑ (centers), symbols (indices, entropy coded)
 *   │ synthesis: conv3×3 → 4N, d2s, act⁻ │ R × residual(3×3, N) │ conv3×3 → 4N, d2s, act⁻ │ conv3×3 → 12, d2s
 *   ▼
 *  x̂ [B,3,H,W]
 * </pre>
 * act is ReLU on both sides, or GDN in the analysis and inverse GDN (act⁻) in the synthesis
 * ({@link NetworkConfig#nonlinearity()}, {@link Gdn}); residual blocks use ReLU inside either way.
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

    /**
     * Forward multiply-adds per image pixel: every convolution's k²·in·out at its own resolution, plus the
     * 1×1 convolution of each GDN layer. Element-wise ops (ReLU, depth-to-space, the GDN division) are
     * not counted.
     */
    public double multiplyAddsPerPixel() {
        double total = 0;
        double scale = 1; // pixels of the current feature map per image pixel
        boolean synthesis = false;
        for (Conv conv : convolutions()) {
            if (!synthesis && conv.name().startsWith(SYNTHESIS)) {
                synthesis = true;
                scale = 1.0 / (NetworkConfig.STRIDE * NetworkConfig.STRIDE);
            }
            double outScale = scale / (conv.stride() * conv.stride());
            total += (double) conv.kernel() * conv.kernel() * conv.in() * conv.weightShape()[3] * outScale;
            scale = conv.upsample() ? outScale * 4 : outScale;
        }
        double n = config.channels();
        // GDN layers run at 1/4 and 1/16 of the pixels on each side.
        if (!gdnLayers().isEmpty()) total += 2 * n * n * (1 / 4.0 + 1 / 16.0);
        return total;
    }

    /** The GDN layers of a GDN network in graph order ({@code analysis.gdn0, gdn1, synthesis.igdn0, igdn1}); none for ReLU. */
    public List<String> gdnLayers() {
        if (config.nonlinearity() != NetworkConfig.Nonlinearity.GDN) return List.of();
        return List.of(ANALYSIS + "gdn0", ANALYSIS + "gdn1", SYNTHESIS + "igdn0", SYNTHESIS + "igdn1");
    }

    /**
     * He-initialised weights and zero biases for every convolution, named {@code <conv>.W / .b}, and
     * for a GDN network each GDN layer's β and γ ({@link Gdn#initialParameters}).
     */
    public Map<String, INDArray> initialParameters(long seed) {
        Random rnd = new Random(seed);
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (Conv conv : convolutions()) {
            long[] ws = conv.weightShape();
            int count = (int) (ws[0] * ws[1] * ws[2] * ws[3]);
            int fanIn = conv.kernel() * conv.kernel() * conv.in();
            // He for ReLU. A GDN network starts at the reference models' scale (CompressAI's, PyTorch's default
            // uniform(±1/sqrt(fan_in)), std 1/sqrt(3·fan_in)): inverse GDN grows with the square of its input,
            // so He-sized weights start the synthesis far outside the pixel range.
            boolean gdn = config.nonlinearity() == NetworkConfig.Nonlinearity.GDN;
            double std = gdn ? Math.sqrt(1.0 / (3.0 * fanIn)) : Math.sqrt(2.0 / fanIn);
            // The second conv of a residual branch starts small so each block starts near identity.
            if (conv.name().endsWith(".b")) std *= 0.1;
            float[] w = new float[count];
            for (int i = 0; i < count; i++) w[i] = (float) (rnd.nextGaussian() * std);
            params.put(conv.name() + ".W", Nd4j.create(w, ws, 'c'));
            params.put(conv.name() + ".b", Nd4j.zeros(DataType.FLOAT, conv.biasShape()));
        }
        for (String layer : gdnLayers()) params.putAll(new java.util.TreeMap<>(Gdn.initialParameters(layer, config.channels())));
        return params;
    }

    /** Analysis transform: x [B,3,H,W] in [0,1] (H, W multiples of 8) to latent z [B,C,H/8,W/8]. */
    public SDVariable analysis(SameDiff sd, SDVariable x, Map<String, SDVariable> params) {
        return analysisTail(sd, analysisHead(sd, x, params), params);
    }

    /**
     * The analysis's first two stages: x [B,3,H,W] to [B,N,H/4,W/4]. They hold its largest activations (N
     * channels at half the image's resolution) and see only {@link #HEAD_MARGIN} rows beyond an output row's
     * input rows, so inference runs them in strips.
     */
    public SDVariable analysisHead(SameDiff sd, SDVariable x, Map<String, SDVariable> params) {
        SDVariable h = x.sub(0.5);
        h = activation(sd, conv(sd, h, params, ANALYSIS + "conv0", 5, 2), params, ANALYSIS + "gdn0", false);
        return activation(sd, conv(sd, h, params, ANALYSIS + "conv1", 5, 2), params, ANALYSIS + "gdn1", false);
    }

    /** The rest of the analysis: [B,N,H/4,W/4] to z [B,C,H/8,W/8]. */
    public SDVariable analysisTail(SameDiff sd, SDVariable h, Map<String, SDVariable> params) {
        int r = config.residualBlocks();
        for (int i = 0; i < r; i++) h = residual(sd, h, params, ANALYSIS + "res" + i);
        return conv(sd, h, params, ANALYSIS + "conv2", 5, 2);
    }

    /**
     * Image rows beyond its own 4 that an output row of {@link #analysisHead} depends on, on each side, rounded
     * up to the head's stride of 4: its two 5×5 stride-2 convolutions (SAME: 1 row of padding above, 2 below)
     * reach 3 rows above and 6 below.
     */
    public static final int HEAD_MARGIN = 8;

    /** Synthesis transform: quantized latent ẑ [B,C,h,w] to x̂ [B,3,8h,8w] (not clamped). */
    public SDVariable synthesis(SameDiff sd, SDVariable zhat, Map<String, SDVariable> params) {
        return synthesisTail(sd, synthesisHead(sd, zhat, params), params);
    }

    /** The synthesis up to its first upsampling and the residual blocks: ẑ [B,C,h,w] to [B,N,2h,2w]. */
    public SDVariable synthesisHead(SameDiff sd, SDVariable zhat, Map<String, SDVariable> params) {
        int r = config.residualBlocks();
        SDVariable h = activation(sd, upsample(sd, zhat, params, SYNTHESIS + "up0"), params, SYNTHESIS + "igdn0", true);
        for (int i = 0; i < r; i++) h = residual(sd, h, params, SYNTHESIS + "res" + i);
        return h;
    }

    /**
     * The rest of the synthesis: [B,N,H,W] to x̂ [B,3,4H,4W]. It holds the largest activations (N channels at
     * a quarter of the image's resolution and 4N before each depth-to-space), and sees only
     * {@link #TAIL_MARGIN} rows of its input beyond an output row, so inference runs it in strips.
     */
    public SDVariable synthesisTail(SameDiff sd, SDVariable h, Map<String, SDVariable> params) {
        h = activation(sd, upsample(sd, h, params, SYNTHESIS + "up1"), params, SYNTHESIS + "igdn1", true);
        return upsample(sd, h, params, SYNTHESIS + "up2").add(0.5);
    }

    /**
     * Input rows of {@link #synthesisTail} that an output row depends on, on each side: its 3×3 convolution at
     * the input's resolution reaches one row, the one at twice that resolution half a row more.
     */
    public static final int TAIL_MARGIN = 2;

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

    /** The stage nonlinearity: ReLU, or (I)GDN with the parameters of {@code gdnLayer}. */
    private SDVariable activation(SameDiff sd, SDVariable x, Map<String, SDVariable> p, String gdnLayer, boolean inverse) {
        if (config.nonlinearity() == NetworkConfig.Nonlinearity.RELU) return relu(sd, x);
        return Gdn.apply(sd, x, param(p, Gdn.beta(gdnLayer)), param(p, Gdn.gamma(gdnLayer)), inverse);
    }

    /** As {@link #declare}, as constants: the network's weights held fixed (encode-time latent refinement). */
    public static Map<String, SDVariable> declareConstants(SameDiff sd, Map<String, INDArray> params, String prefix) {
        Map<String, SDVariable> vars = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            if (e.getKey().startsWith(prefix)) vars.put(e.getKey(), sd.constant(e.getKey(), e.getValue()));
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
