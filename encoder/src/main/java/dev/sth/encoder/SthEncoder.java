package dev.sth.encoder;

import java.awt.image.BufferedImage;
import java.util.List;

import dev.sth.entropy.LatentCoder;
import dev.sth.entropy.SymbolTensor;
import dev.sth.format.AlphaChunk;
import dev.sth.format.ImageInfo;
import dev.sth.format.LatentInfo;
import dev.sth.format.SthFile;
import dev.sth.format.SthHeader;
import dev.sth.format.SymbolShape;
import dev.sth.model.ModelBundle;
import dev.sth.model.PerThread;
import dev.sth.model.NetworkConfig;
import dev.sth.model.Quantizer;
import dev.sth.model.Tiling;
import dev.sth.model.Transform;

/**
 * Image to {@code .sth}: analysis transform → hard quantization to the model's centers →
 * context-model range coding → container. One instance per thread (the graph is not thread-safe).
 */
public final class SthEncoder {

    private static final PerThread<SthEncoder> PER_THREAD = new PerThread<>(SthEncoder::new);

    private final ModelBundle model;
    private final Transform analysis;
    private final Tiling tiling;

    public SthEncoder(ModelBundle model) {
        this(model, new Tiling());
    }

    public SthEncoder(ModelBundle model, Tiling tiling) {
        this.model = model;
        this.analysis = model.newAnalysis();
        this.tiling = tiling;
    }

    /**
     * An encoder for {@code model} (loaded with its analysis half) owned by the calling thread,
     * built on first use and kept for the thread's lifetime.
     */
    public static SthEncoder forThread(ModelBundle model) {
        return PER_THREAD.get(model);
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

    /** The quantized latent of an image, as symbol indices [C/d][h/8][w/8]. */
    public SymbolTensor symbols(BufferedImage rgb) {
        NetworkConfig net = model.network();
        int lh = Tiling.latentSize(rgb.getHeight());
        int lw = Tiling.latentSize(rgb.getWidth());
        float[] z = tiling.analyse(rgb, analysis, net.latentChannels());
        int[] s = Quantizer.assign(z, net.latentChannels(), lh, lw, model.centers(), net.vectorDim());
        return SymbolTensor.of(new SymbolShape(net.symbolChannels(), lh, lw), net.centers(), s);
    }

    public SthHeader header(ImageInfo source) {
        NetworkConfig net = model.network();
        LatentInfo latent = new LatentInfo(NetworkConfig.STRIDE, net.latentChannels(), net.vectorDim(), net.centers());
        return new SthHeader(source, model.id(), latent, model.coder());
    }
}
