package dev.sth.encoder;

import java.awt.image.BufferedImage;

import dev.sth.codec.Tiling;
import dev.sth.coder.LatentCoder;
import dev.sth.coder.SymbolTensor;
import dev.sth.format.ImageInfo;
import dev.sth.format.LatentInfo;
import dev.sth.format.SthFile;
import dev.sth.format.SthHeader;
import dev.sth.format.SymbolShape;
import dev.sth.model.ModelBundle;
import dev.sth.model.NetworkConfig;
import dev.sth.model.Quantizer;
import dev.sth.model.Transform;

/**
 * Image to {@code .sth}: analysis transform → hard quantization to the model's centers →
 * context-model range coding → container. One instance per thread (the graph is not thread-safe).
 */
public final class SthEncoder {

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
