package dev.sth.decoder;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.io.IOException;

import dev.sth.entropy.LatentCoder;
import dev.sth.entropy.SymbolTensor;
import dev.sth.format.AlphaChunk;
import dev.sth.format.ImageInfo;
import dev.sth.format.SthFile;
import dev.sth.format.SthFormatException;
import dev.sth.format.SthHeader;
import dev.sth.model.CodecPool;
import dev.sth.model.ModelBundle;
import dev.sth.model.NetworkConfig;
import dev.sth.model.Tiling;
import dev.sth.model.Transform;

/**
 * {@code .sth} to image: container → context-model range decoding (integer only, bit-exact on
 * every machine) → centers → synthesis transform. One thread at a time may use an instance; {@link #lease}
 * lends one from a shared pool.
 */
public final class SthDecoder {

    private static final CodecPool<SthDecoder> POOL = new CodecPool<>(SthDecoder::new, d -> d.synthesis.release());

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

    /**
     * A decoder for {@code model}, the calling thread's until the lease is closed, from a pool shared by
     * all threads ({@link CodecPool}), so that callers decoding many small images don't rebuild the graph
     * each time: {@code try (var d = SthDecoder.lease(model)) { d.get().decode(file); }}.
     */
    public static CodecPool.Lease<SthDecoder> lease(ModelBundle model) {
        return POOL.lease(model);
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
        return reconstruct(s, width, height, new Rectangle(0, 0, width, height));
    }

    /** The part {@code region} of the image, synthesising only the tiles it overlaps. */
    public BufferedImage reconstruct(SymbolTensor s, int width, int height, Rectangle region) {
        return tiling.synthesise(s, model.centers(), model.network().vectorDim(), width, height, synthesis, region);
    }

    /**
     * Decodes to the kind of image that was encoded: {@link BufferedImage#TYPE_BYTE_GRAY} for a gray
     * source, {@link BufferedImage#TYPE_INT_ARGB} when the file carries its alpha channel
     * ({@link AlphaChunk}), else {@link BufferedImage#TYPE_INT_RGB}. Always 8 bits per sample.
     */
    public BufferedImage decodeImage(SthFile file) throws IOException {
        ImageInfo info = file.header().image();
        return decodeImage(file, new Rectangle(0, 0, info.width(), info.height()));
    }

    /**
     * {@link #decodeImage(SthFile)} of the part {@code region} only (within the image), as an image of
     * the region's size. The entropy decoder reads every symbol (the code is sequential); the synthesis,
     * which is most of the time and memory, runs only over the tiles the region overlaps.
     */
    public BufferedImage decodeImage(SthFile file, Rectangle region) throws IOException {
        ImageInfo info = file.header().image();
        Rectangle r = region.intersection(new Rectangle(0, 0, info.width(), info.height()));
        BufferedImage rgb = reconstruct(symbols(file), info.width(), info.height(), r);
        byte[] alpha = info.channels() == 4 ? AlphaChunk.read(file) : null;
        if (alpha != null && (r.width != info.width() || r.height != info.height())) {
            byte[] part = new byte[r.width * r.height];
            for (int y = 0; y < r.height; y++) System.arraycopy(alpha, (r.y + y) * info.width() + r.x, part, y * r.width, r.width);
            alpha = part;
        }
        return restore(rgb, info, alpha);
    }

    /**
     * The decoded RGB as the source's kind: gray (mean of R, G, B, rounded) for one channel,
     * RGBA with {@code alpha} (row-major, may be null) for four, else {@code rgb} itself.
     */
    public static BufferedImage restore(BufferedImage rgb, ImageInfo info, byte[] alpha) {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int[] px = rgb.getType() == BufferedImage.TYPE_INT_RGB && rgb.getRaster().getParent() == null
                ? ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData()
                : rgb.getRGB(0, 0, w, h, null, 0, w);
        if (info.channels() == 1) {
            BufferedImage gray = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            byte[] g = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < g.length; i++) {
                int p = px[i];
                g[i] = (byte) ((((p >> 16) & 0xFF) + ((p >> 8) & 0xFF) + (p & 0xFF) + 1) / 3);
            }
            return gray;
        }
        if (info.channels() == 4 && alpha != null) {
            BufferedImage argb = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
            int[] out = ((DataBufferInt) argb.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < out.length; i++) out[i] = (alpha[i] & 0xFF) << 24 | (px[i] & 0xFFFFFF);
            return argb;
        }
        return rgb;
    }
}
