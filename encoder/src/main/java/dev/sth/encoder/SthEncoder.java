package dev.sth.encoder;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.IntConsumer;

import dev.sth.decoder.SthDecoder;
import dev.sth.entropy.LatentCoder;
import dev.sth.entropy.SymbolTensor;
import dev.sth.format.AlphaChunk;
import dev.sth.format.ImageInfo;
import dev.sth.format.LatentInfo;
import dev.sth.format.SthFile;
import dev.sth.format.SthHeader;
import dev.sth.format.SymbolShape;
import dev.sth.metrics.Distortion;
import dev.sth.metrics.Metrics;
import dev.sth.metrics.MsSsimLoss;
import dev.sth.model.CodecPool;
import dev.sth.model.ModelBundle;
import dev.sth.model.NetworkConfig;
import dev.sth.model.Quantizer;
import dev.sth.model.Tiling;
import dev.sth.model.Transform;

/**
 * Image to {@code .sth}: analysis transform → hard quantization to the model's centers →
 * context-model range coding → container. One thread at a time may use an instance (the graph is not
 * thread-safe); {@link #lease} lends one from a shared pool.
 */
public final class SthEncoder {

    private static final CodecPool<SthEncoder> POOL = new CodecPool<>(SthEncoder::new, e -> e.analysis.release());

    private final ModelBundle model;
    private final Transform analysis;
    private final Tiling tiling;
    /** Built on the first encode above effort 1 (its graphs cost more than a single pass). */
    private LatentRefinement refinement;

    public SthEncoder(ModelBundle model) {
        this(model, new Tiling());
    }

    public SthEncoder(ModelBundle model, Tiling tiling) {
        this.model = model;
        this.analysis = model.newAnalysis();
        this.tiling = tiling;
    }

    /**
     * An encoder for {@code model} (loaded with its analysis half), the calling thread's until the lease is
     * closed, from a pool shared by all threads ({@link CodecPool}).
     */
    public static CodecPool.Lease<SthEncoder> lease(ModelBundle model) {
        return POOL.lease(model);
    }

    public ModelBundle model() {
        return model;
    }

    /**
     * Encodes an 8-bit RGB image ({@link BufferedImage#TYPE_INT_RGB}).
     *
     * @param source what the input was (channels, bit depth), recorded in the header
     */
    public SthFile encode(BufferedImage rgb, ImageInfo source) {
        if (rgb.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("SthEncoder takes TYPE_INT_RGB; convert with ImageConversion first");
        }
        SymbolTensor symbols = symbols(rgb);
        return new SthFile(header(source), LatentCoder.encode(symbols, model.priors(), model.coder()));
    }

    /**
     * Encodes a converted image: the RGB as {@link #encode(BufferedImage, ImageInfo)}, and its alpha
     * plane, if any, losslessly in an {@link AlphaChunk}.
     */
    public SthFile encode(ImageConversion.Converted image) {
        SthFile coded = encode(image.rgb(), image.info());
        if (image.alpha() == null) return coded;
        return new SthFile(coded.header(), coded.payload(),
                List.of(AlphaChunk.of(image.alpha(), image.info().width(), image.info().height())));
    }

    /**
     * Encodes at an effort level ({@link LatentRefinement}): 1 is the single pass; higher efforts refine
     * this image's latent against the model's objective and keep the refinement only if its real coded
     * cost (distortion of the decoded image plus λ · its bpp) is lower than the single pass's, so no effort
     * writes a file that is worse on the model's objective than effort 1.
     *
     * @param lambda   the level's rate-distortion trade-off ({@link dev.sth.model.ModelCatalog#lambda})
     * @param progress told each finished refinement step, out of {@link #refinementSteps}
     */
    public SthFile encode(BufferedImage rgb, ImageInfo source, int effort, double lambda, IntConsumer progress) {
        LatentRefinement.checkEffort(effort);
        if (effort == LatentRefinement.MIN_EFFORT) return encode(rgb, source);
        if (rgb.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("SthEncoder takes TYPE_INT_RGB; convert with ImageConversion first");
        }
        NetworkConfig net = model.network();
        int lh = Tiling.latentSize(rgb.getHeight());
        int lw = Tiling.latentSize(rgb.getWidth());
        float[] z = tiling.analyse(rgb, analysis, net.latentChannels());
        SymbolTensor single = quantize(z, lh, lw);
        if (refinement == null || refinement.lambda() != lambda) refinement = new LatentRefinement(model, lambda);
        SymbolTensor refined = quantize(refinement.refine(z, rgb, lh, lw, effort, progress), lh, lw);
        byte[] a = LatentCoder.encode(single, model.priors(), model.coder());
        byte[] b = refined.equals(single) ? a : LatentCoder.encode(refined, model.priors(), model.coder());
        boolean keep = b != a && cost(refined, b, rgb, lambda) < cost(single, a, rgb, lambda);
        return new SthFile(header(source), keep ? b : a);
    }

    /** As {@link #encode(BufferedImage, ImageInfo, int, double, IntConsumer)} for a converted image, its alpha kept losslessly. */
    public SthFile encode(ImageConversion.Converted image, int effort, double lambda, IntConsumer progress) {
        SthFile coded = encode(image.rgb(), image.info(), effort, lambda, progress);
        if (image.alpha() == null) return coded;
        return new SthFile(coded.header(), coded.payload(),
                List.of(AlphaChunk.of(image.alpha(), image.info().width(), image.info().height())));
    }

    /** Refinement steps an image of this size takes at {@code effort} (for a progress bar). */
    public long refinementSteps(int width, int height, int effort) {
        return (long) LatentRefinement.tiles(Tiling.latentSize(height), Tiling.latentSize(width))
                * LatentRefinement.iterations(effort, LatentRefinement.distortion(model));
    }

    /**
     * The model's objective on real output: the distortion of the decoded 8-bit image (MSE on the 0–255
     * scale, or 5000·(1 − MS-SSIM) for an MS-SSIM model where the image allows 5 scales) plus λ · bpp of
     * the coded bytes.
     */
    private double cost(SymbolTensor symbols, byte[] code, BufferedImage rgb, double lambda) {
        BufferedImage back;
        try (CodecPool.Lease<SthDecoder> decoder = SthDecoder.lease(model)) {
            back = decoder.get().reconstruct(symbols, rgb.getWidth(), rgb.getHeight());
        }
        double bpp = code.length * 8.0 / ((double) rgb.getWidth() * rgb.getHeight());
        double d = Metrics.mse(rgb, back);
        if (LatentRefinement.distortion(model) == Distortion.MS_SSIM) {
            double ms = Metrics.msSsimOrNaN(rgb, back);
            if (!Double.isNaN(ms)) d = MsSsimLoss.SCALE * (1 - ms);
        }
        return d + lambda * bpp;
    }

    private SymbolTensor quantize(float[] z, int lh, int lw) {
        NetworkConfig net = model.network();
        int[] s = Quantizer.assign(z, net.latentChannels(), lh, lw, model.centers(), net.vectorDim());
        return SymbolTensor.of(new SymbolShape(net.symbolChannels(), lh, lw), net.centers(), s);
    }

    /** The quantized latent of an image, as symbol indices [C/d][h/8][w/8]. */
    public SymbolTensor symbols(BufferedImage rgb) {
        int lh = Tiling.latentSize(rgb.getHeight());
        int lw = Tiling.latentSize(rgb.getWidth());
        return quantize(tiling.analyse(rgb, analysis, model.network().latentChannels()), lh, lw);
    }

    public SthHeader header(ImageInfo source) {
        NetworkConfig net = model.network();
        LatentInfo latent = new LatentInfo(NetworkConfig.STRIDE, net.latentChannels(), net.vectorDim(), net.centers());
        return new SthHeader(source, model.id(), latent, model.coder());
    }
}
