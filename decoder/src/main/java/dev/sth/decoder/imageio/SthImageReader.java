package dev.sth.decoder.imageio;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import javax.imageio.IIOException;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.spi.ImageReaderSpi;

import com.twelvemonkeys.imageio.ImageReaderBase;
import com.twelvemonkeys.imageio.util.IIOUtil;

import dev.sth.decoder.SthDecoder;
import dev.sth.format.Limits;
import dev.sth.format.SthFile;
import dev.sth.format.SthHeader;
import dev.sth.format.SthReader;
import dev.sth.model.CodecPool;
import dev.sth.model.ModelBundle;
import dev.sth.model.ModelSource;

/**
 * Reads {@code .sth} images through ImageIO.
 *
 * <p>{@link #setInput} reads nothing; the header is read on the first question about the image
 * (size, types, metadata), and the pixels on the first {@code read}. Then one sequence:
 * destination → regions → decode (kept for further reads of the same input) → rows copied into the
 * destination with source region, subsampling and destination offset applied → progress and abort
 * checked between rows. A gray source reads as {@code TYPE_BYTE_GRAY}, one with alpha as
 * {@code TYPE_INT_ARGB}, others as {@code TYPE_INT_RGB}.
 *
 * <p>The model comes from {@link ModelSource#defaults()} (the shipped models, or the folder named by
 * the system property {@value ModelSource#MODEL_DIR_PROPERTY}) unless {@link #setModelSource} says
 * otherwise. Bad data raises an {@link IIOException} saying where and what.
 */
public final class SthImageReader extends ImageReaderBase {

    private ModelSource models;

    private long start = -1;
    private SthHeader header;
    /** The whole decoded image of the current input, at the source's kind. */
    private BufferedImage decoded;

    SthImageReader(ImageReaderSpi provider) {
        super(provider);
    }

    /** Decodes with the models of {@code source} instead of the defaults (null: the defaults). */
    public void setModelSource(ModelSource source) {
        this.models = source;
    }

    @Override
    protected void resetMembers() {
        start = -1;
        header = null;
        decoded = null;
    }

    /** The file's header (reading it on first use). */
    public SthHeader header(int imageIndex) throws IOException {
        checkBounds(imageIndex);
        return readHeader();
    }

    private SthHeader readHeader() throws IOException {
        assertInput();
        if (header == null) {
            if (imageInput == null) throw new IllegalStateException("input is not an ImageInputStream");
            start = imageInput.getStreamPosition();
            try {
                // Signature (8), version (2) and the header length (2) first, so that no more than
                // the header itself is read (a buffering reader would otherwise read ahead).
                byte[] lead = new byte[12];
                int n = 0;
                for (int r; n < lead.length && (r = imageInput.read(lead, n, lead.length - n)) > 0; ) n += r;
                int fields = n == lead.length ? ((lead[10] & 0xFF) << 8 | (lead[11] & 0xFF)) : 0;
                imageInput.seek(start);
                long headerBytes = lead.length + Math.min(fields, Limits.MAX_HEADER_BYTES) + 4;
                header = SthReader.readHeader(IIOUtil.createStreamAdapter(imageInput, headerBytes));
            } catch (IOException e) {
                throw badData(e);
            }
        }
        return header;
    }

    @Override
    public int getWidth(int imageIndex) throws IOException {
        return header(imageIndex).image().width();
    }

    @Override
    public int getHeight(int imageIndex) throws IOException {
        return header(imageIndex).image().height();
    }

    @Override
    public ImageTypeSpecifier getRawImageType(int imageIndex) throws IOException {
        return getImageTypes(imageIndex).next();
    }

    @Override
    public Iterator<ImageTypeSpecifier> getImageTypes(int imageIndex) throws IOException {
        int channels = header(imageIndex).image().channels();
        List<ImageTypeSpecifier> types = new ArrayList<>();
        if (channels == 1) {
            types.add(ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_BYTE_GRAY));
            types.add(ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_INT_RGB));
            types.add(ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_3BYTE_BGR));
        } else if (channels == 4) {
            types.add(ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_INT_ARGB));
            types.add(ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_4BYTE_ABGR));
        } else {
            types.add(ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_INT_RGB));
            types.add(ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_3BYTE_BGR));
        }
        return types.iterator();
    }

    @Override
    public IIOMetadata getImageMetadata(int imageIndex) throws IOException {
        return new SthMetadata(getRawImageType(imageIndex), header(imageIndex));
    }

    @Override
    public BufferedImage read(int imageIndex, ImageReadParam param) throws IOException {
        SthHeader h = header(imageIndex);
        int width = h.image().width();
        int height = h.image().height();

        if (decoded == null && isPlain(param)) return readPlain(imageIndex);
        // No expansion-ratio limit: a few hundred bytes legitimately decode to a large image.
        BufferedImage destination = getDestination(param, getImageTypes(imageIndex), width, height, -1L, 0);
        Rectangle srcRegion = new Rectangle();
        Rectangle destRegion = new Rectangle();
        computeRegions(param, width, height, destination, srcRegion, destRegion);
        checkReadParamBandSettings(param, getRawImageType(imageIndex).getNumBands(), destination.getSampleModel().getNumBands());
        int xSub = param == null ? 1 : param.getSourceXSubsampling();
        int ySub = param == null ? 1 : param.getSourceYSubsampling();

        clearAbortRequest();
        processImageStarted(imageIndex);
        if (abortRequested()) {
            processReadAborted();
            return destination;
        }
        // A read of part of the image synthesises only the tiles that part needs; a whole read is
        // kept for further reads of the same input.
        boolean whole = srcRegion.width == width && srcRegion.height == height;
        BufferedImage full = decoded != null || whole ? decode() : decodeRegion(srcRegion);
        int ox = full == decoded ? 0 : srcRegion.x;
        int oy = full == decoded ? 0 : srcRegion.y;
        processImageProgress(50f);
        if (abortRequested()) {
            processReadAborted();
            return destination;
        }

        Raster src = full.getRaster();
        WritableRaster dst = destination.getRaster();
        int srcBands = src.getNumBands();
        int dstBands = dst.getNumBands();
        boolean premultiply = destination.isAlphaPremultiplied();
        int[] in = new int[srcRegion.width * srcBands];
        int[] out = new int[destRegion.width * dstBands];
        for (int dy = 0; dy < destRegion.height; dy++) {
            src.getPixels(srcRegion.x - ox, srcRegion.y - oy + dy * ySub, srcRegion.width, 1, in);
            for (int dx = 0; dx < destRegion.width; dx++) {
                convertPixel(in, dx * xSub * srcBands, srcBands, out, dx * dstBands, dstBands, premultiply);
            }
            dst.setPixels(destRegion.x, destRegion.y + dy, destRegion.width, 1, out);
            if (abortRequested()) {
                processReadAborted();
                return destination;
            }
            processImageProgress(50f + 50f * (dy + 1) / destRegion.height);
        }
        processImageComplete();
        return destination;
    }

    /** One pixel from gray / RGB / RGBA samples to the destination's band count. */
    private static void convertPixel(int[] in, int i, int srcBands, int[] out, int o, int dstBands, boolean premultiply) {
        int r;
        int g;
        int b;
        int a = 255;
        if (srcBands == 1) {
            r = g = b = in[i];
        } else {
            r = in[i];
            g = in[i + 1];
            b = in[i + 2];
            if (srcBands == 4) a = in[i + 3];
        }
        if (premultiply && a != 255) {
            r = (r * a + 127) / 255;
            g = (g * a + 127) / 255;
            b = (b * a + 127) / 255;
        }
        switch (dstBands) {
            case 1 -> out[o] = (r + g + b + 1) / 3;
            case 2 -> {
                out[o] = (r + g + b + 1) / 3;
                out[o + 1] = a;
            }
            default -> {
                out[o] = r;
                out[o + 1] = g;
                out[o + 2] = b;
                if (dstBands > 3) out[o + 3] = a;
            }
        }
    }

    /**
     * A read with no region, subsampling, bands or destination asked for, as {@code ImageIO.read} makes:
     * the decoded image is already of the default type, so it is returned as it is, without a copy.
     */
    private static boolean isPlain(ImageReadParam p) {
        return p == null || p.getSourceRegion() == null && p.getSourceXSubsampling() == 1 && p.getSourceYSubsampling() == 1
                && p.getSubsamplingXOffset() == 0 && p.getSubsamplingYOffset() == 0 && p.getDestination() == null
                && p.getDestinationType() == null && p.getSourceBands() == null && p.getDestinationBands() == null
                && p.getDestinationOffset().x == 0 && p.getDestinationOffset().y == 0;
    }

    private BufferedImage readPlain(int imageIndex) throws IOException {
        ImageTypeSpecifier raw = getRawImageType(imageIndex);
        clearAbortRequest();
        processImageStarted(imageIndex);
        if (abortRequested()) {
            processReadAborted();
            return raw.createBufferedImage(getWidth(imageIndex), getHeight(imageIndex));
        }
        BufferedImage image = decodeRegion(null);
        if (image.getType() != raw.getBufferedImageType()) {
            // An RGBA file without its alpha chunk decodes opaque: give it the announced type all the same.
            int w = image.getWidth();
            int h = image.getHeight();
            BufferedImage typed = raw.createBufferedImage(w, h);
            typed.setRGB(0, 0, w, h, image.getRGB(0, 0, w, h, null, 0, w), 0, w);
            image = typed;
        }
        if (abortRequested()) {
            processReadAborted();
            return image;
        }
        processImageProgress(100f);
        processImageComplete();
        return image;
    }

    /** The whole image, decoded once per input. */
    private BufferedImage decode() throws IOException {
        if (decoded == null) decoded = decodeRegion(null);
        return decoded;
    }

    /** {@code region} of the image (null: all of it), decoded for this read. */
    private BufferedImage decodeRegion(Rectangle region) throws IOException {
        try {
            imageInput.seek(start);
            SthFile file = SthReader.read(IIOUtil.createStreamAdapter(imageInput));
            ModelBundle model = (models != null ? models : ModelSource.defaults()).forFile(file.header().model());
            try (CodecPool.Lease<SthDecoder> decoder = SthDecoder.lease(model)) {
                return region == null ? decoder.get().decodeImage(file) : decoder.get().decodeImage(file, region);
            }
        } catch (IIOException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw badData(e);
        }
    }

    private static IIOException badData(Exception e) {
        return new IIOException("sth: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
    }
}
