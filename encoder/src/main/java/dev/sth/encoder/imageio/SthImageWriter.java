package dev.sth.encoder.imageio;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.util.Hashtable;
import java.util.List;

import javax.imageio.IIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.spi.ImageWriterSpi;

import com.twelvemonkeys.imageio.ImageWriterBase;

import dev.sth.encoder.ImageConversion;
import dev.sth.encoder.LatentRefinement;
import dev.sth.encoder.SthEncoder;
import dev.sth.format.SthFile;
import dev.sth.format.SthWriter;
import dev.sth.model.CodecPool;
import dev.sth.model.ModelBundle;
import dev.sth.model.ModelCatalog;
import dev.sth.model.ModelSource;

/**
 * Writes {@code .sth} images through ImageIO: {@code ImageIO.write(image, "sth", file)}.
 *
 * <p>One sequence: source region and subsampling → conversion to the codec's 8-bit RGB (+ lossless
 * alpha; warnings for dropped precision) → model choice ({@link SthImageWriteParam}) → encode →
 * bytes to the output, with progress reported and abort checked between the steps. An aborted
 * write writes nothing.
 */
public final class SthImageWriter extends ImageWriterBase {

    SthImageWriter(ImageWriterSpi provider) {
        super(provider);
    }

    @Override
    public SthImageWriteParam getDefaultWriteParam() {
        return new SthImageWriteParam(getLocale());
    }

    @Override
    public IIOMetadata getDefaultImageMetadata(ImageTypeSpecifier imageType, ImageWriteParam param) {
        return null;
    }

    @Override
    public IIOMetadata convertImageMetadata(IIOMetadata inData, ImageTypeSpecifier imageType, ImageWriteParam param) {
        return null;
    }

    @Override
    public void write(IIOMetadata streamMetadata, IIOImage image, ImageWriteParam param) throws IOException {
        assertOutput();
        if (image == null) throw new IllegalArgumentException("image == null");
        if (image.hasRaster()) throw new UnsupportedOperationException("cannot write a Raster; give a RenderedImage");
        BufferedImage source = region(toBuffered(image.getRenderedImage()), param);

        clearAbortRequest();
        processImageStarted(0);
        ImageConversion.Converted converted = ImageConversion.convert(source);
        for (String w : converted.warnings()) processWarningOccurred(0, w);
        processImageProgress(20f);
        if (abortRequested()) {
            processWriteAborted();
            return;
        }

        byte[] bytes;
        try {
            Chosen chosen = model(param);
            int effort = param instanceof SthImageWriteParam p ? p.getEffort() : LatentRefinement.MIN_EFFORT;
            if (effort > LatentRefinement.MIN_EFFORT && chosen.lambda().isEmpty()) {
                processWarningOccurred(0, LatentRefinement.noLambda(chosen.model()));
                effort = LatentRefinement.MIN_EFFORT;
            }
            SthFile file;
            try (CodecPool.Lease<SthEncoder> encoder = SthEncoder.lease(chosen.model())) {
                if (effort == LatentRefinement.MIN_EFFORT) {
                    file = encoder.get().encode(converted);
                } else {
                    long steps = encoder.get().refinementSteps(converted.info().width(), converted.info().height(), effort);
                    // ImageIO progress: 20% converted, 20..90% refining, then writing.
                    file = encoder.get().encode(converted, effort, chosen.lambda().getAsDouble(),
                            i -> processImageProgress(20f + 70f * i / steps));
                }
            }
            bytes = SthWriter.toBytes(file);
        } catch (IIOException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new IIOException("sth: cannot encode: " + (e.getMessage() != null ? e.getMessage() : e), e);
        }
        processImageProgress(90f);
        if (abortRequested()) {
            processWriteAborted();
            return;
        }
        imageOutput.write(bytes);
        imageOutput.flush();
        processImageProgress(100f);
        processImageComplete();
    }

    /** A model and its level's λ (for effort levels above 1). */
    private record Chosen(ModelBundle model, java.util.OptionalDouble lambda) {
    }

    /** The model the parameters ask for (see {@link SthImageWriteParam}). */
    private static Chosen model(ImageWriteParam param) throws IOException {
        SthImageWriteParam p = param instanceof SthImageWriteParam s ? s : null;
        ModelSource source = p != null && p.getModelSource() != null ? p.getModelSource() : ModelSource.defaults();
        ModelCatalog catalog = ModelCatalog.of(source);
        if (catalog.isEmpty()) {
            throw new IIOException("sth: no models to encode with: there are none among " + source.describe() + " (set the system property "
                    + ModelSource.MODEL_DIR_PROPERTY + ", or SthImageWriteParam.setModelDirectory)");
        }
        ModelCatalog.Entry entry;
        if (p != null && p.getModelName() != null) {
            entry = catalog.byName(p.getModelName()).orElseThrow(() -> new IIOException("sth: no model named '"
                    + p.getModelName() + "' among " + source.describe()));
        } else {
            String family = p != null && p.getFamily() != null ? p.getFamily() : catalog.defaultFamily().orElseThrow();
            List<ModelCatalog.Entry> levels = catalog.levels(family);
            if (levels.isEmpty()) {
                throw new IIOException("sth: no models of family '" + family + "'; families: " + catalog.families());
            }
            if (param != null && param.canWriteCompressed() && param.getCompressionMode() == ImageWriteParam.MODE_EXPLICIT) {
                float q = param.getCompressionQuality();
                entry = levels.get(Math.round(q * (levels.size() - 1)));
            } else {
                entry = catalog.defaultLevel(family).orElseThrow();
            }
        }
        ModelBundle m = source.load(entry.name(), true);
        return new Chosen(m, LatentRefinement.lambda(catalog, m));
    }

    private static BufferedImage toBuffered(RenderedImage img) {
        if (img instanceof BufferedImage b) return b;
        ColorModel cm = img.getColorModel();
        WritableRaster r = cm.createCompatibleWritableRaster(img.getWidth(), img.getHeight());
        img.copyData(r.createWritableTranslatedChild(img.getMinX(), img.getMinY()));
        return new BufferedImage(cm, r, cm.isAlphaPremultiplied(), new Hashtable<>());
    }

    /** The param's source region and subsampling applied (the image itself when there are none). */
    private static BufferedImage region(BufferedImage img, ImageWriteParam param) {
        if (param == null) return img;
        Rectangle r = new Rectangle(0, 0, img.getWidth(), img.getHeight());
        if (param.getSourceRegion() != null) r = r.intersection(param.getSourceRegion());
        int xs = param.getSourceXSubsampling();
        int ys = param.getSourceYSubsampling();
        int xo = param.getSubsamplingXOffset();
        int yo = param.getSubsamplingYOffset();
        int w = (r.width - xo + xs - 1) / xs;
        int h = (r.height - yo + ys - 1) / ys;
        if (w <= 0 || h <= 0) throw new IllegalArgumentException("source region and subsampling leave no pixels");
        if (xs == 1 && ys == 1 && w == img.getWidth() && h == img.getHeight()) return img;
        ColorModel cm = img.getColorModel();
        WritableRaster out = cm.createCompatibleWritableRaster(w, h);
        Raster in = img.getRaster();
        Object px = null;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px = in.getDataElements(r.x + xo + x * xs, r.y + yo + y * ys, px);
                out.setDataElements(x, y, px);
            }
        }
        return new BufferedImage(cm, out, cm.isAlphaPremultiplied(), new Hashtable<>());
    }
}
