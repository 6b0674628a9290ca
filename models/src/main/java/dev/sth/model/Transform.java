package dev.sth.model;

import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One half of a trained network as an inference graph: the analysis transform (image to latent)
 * for the encoder or the synthesis transform (quantized latent to image) for the decoder. Both are
 * built from {@link SthNetwork}, the definition the trainer uses.
 */
public final class Transform {

    private static final String INPUT = "input";

    private final SameDiff sd;
    private final String output;

    private Transform(SameDiff sd, String output) {
        this.sd = sd;
        this.output = output;
    }

    /** Image [B,3,H,W] in [0,1], H and W multiples of 8, to latent [B,C,H/8,W/8]. */
    public static Transform analysis(NetworkConfig config, Map<String, INDArray> params) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder(INPUT, DataType.FLOAT, -1, 3, -1, -1);
        SthNetwork net = new SthNetwork(config);
        SDVariable z = net.analysis(sd, x, SthNetwork.declare(sd, params, SthNetwork.ANALYSIS));
        return new Transform(sd, z.name());
    }

    /** Quantized latent [B,C,h,w] to image [B,3,8h,8w], not clamped. */
    public static Transform synthesis(NetworkConfig config, Map<String, INDArray> params) {
        SameDiff sd = SameDiff.create();
        SDVariable z = sd.placeHolder(INPUT, DataType.FLOAT, -1, config.latentChannels(), -1, -1);
        SthNetwork net = new SthNetwork(config);
        SDVariable x = net.synthesis(sd, z, SthNetwork.declare(sd, params, SthNetwork.SYNTHESIS));
        return new Transform(sd, x.name());
    }

    /**
     * Runs the graph; the result is a fresh c-order array owned by the caller, and every intermediate has
     * been freed. Not thread-safe: use one instance per thread.
     */
    public INDArray apply(INDArray input) {
        InferenceMemory memory = InferenceMemory.attach(sd);
        try {
            return sd.output(Map.of(INPUT, input), output).get(output).dup('c');
        } finally {
            memory.reclaim();
        }
    }

    /** {@link #apply} as c-order floats, leaving no native memory behind. */
    public float[] applyToFloats(INDArray input) {
        try (INDArray out = apply(input)) {
            return out.data().asFloat();
        }
    }
}
