package dev.sth.decoder;

import java.awt.image.BufferedImage;

import dev.sth.codec.Tiling;
import dev.sth.coder.LatentCoder;
import dev.sth.coder.SymbolTensor;
import dev.sth.format.SthFile;
import dev.sth.format.SthFormatException;
import dev.sth.format.SthHeader;
import dev.sth.model.ModelBundle;
import dev.sth.model.NetworkConfig;
import dev.sth.model.Quantizer;
import dev.sth.model.Transform;

/**
 * {@code .sth} to image: container → context-model range decoding (integer only, bit-exact on
 * every machine) → centers → synthesis transform. One instance per thread.
 */
public final class SthDecoder {

    private final ModelBundle model;
    private final Transform synthesis;
    private final Tiling tiling;

    public SthDecoder(ModelBundle model) {
        this(model, new Tiling());
    }

    public SthDecoder(ModelBundle model, Tiling tiling) {
        this.model = model;
        this.synthesis = model.newSynthesis();
        this.tiling = tiling;
    }

    public ModelBundle model() {
        return model;
    }

    /** The entropy-decoded symbols; refuses a file made with another model. */
    public SymbolTensor symbols(SthFile file) throws SthFormatException {
        SthHeader h = file.header();
        h.requireModel(model.id());
        NetworkConfig net = model.network();
        if (h.latent().latentChannels() != net.latentChannels() || h.latent().vectorDim() != net.vectorDim()
                || h.alphabetSize() != net.centers() || h.latent().stride() != NetworkConfig.STRIDE) {
            throw new SthFormatException(0, "latent " + h.latent() + " does not match model " + model.name());
        }
        return LatentCoder.decode(file, model.priors());
    }

    /** Decodes to an 8-bit RGB image ({@link BufferedImage#TYPE_INT_RGB}) of the header's size. */
    public BufferedImage decode(SthFile file) throws SthFormatException {
        SymbolTensor s = symbols(file);
        return reconstruct(s, file.header().image().width(), file.header().image().height());
    }

    /** Synthesis of already decoded symbols. */
    public BufferedImage reconstruct(SymbolTensor s, int width, int height) {
        NetworkConfig net = model.network();
        float[] zhat = Quantizer.reconstruct(s.toArray(), net.latentChannels(), s.shape().height(), s.shape().width(),
                model.centers(), net.vectorDim());
        return tiling.synthesise(zhat, net.latentChannels(), width, height, synthesis);
    }
}
