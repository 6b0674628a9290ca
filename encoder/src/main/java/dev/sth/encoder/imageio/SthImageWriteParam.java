package dev.sth.encoder.imageio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import javax.imageio.ImageWriteParam;

import dev.sth.decoder.imageio.SthProviderInfo;
import dev.sth.encoder.LatentRefinement;
import dev.sth.model.ModelSource;

/**
 * Write parameters of the {@code .sth} writer.
 *
 * <p>Compression quality 0..1 (with {@code MODE_EXPLICIT}) picks a rate level of the family:
 * level index = round(quality × (levels − 1)), so 0 is the lowest level (fewest bits) and 1 the
 * highest. Other modes use the middle level, as the command line does. Beyond the standard
 * parameters: the model family ("psnr", "ms-ssim"), one model by name, and the model source (the
 * shipped models, or a folder of the user's own), and the encoder effort (1..9, as {@code sth-encoder -e}).
 */
public final class SthImageWriteParam extends ImageWriteParam {

    private ModelSource models;
    private String family;
    private String modelName;
    private int effort = LatentRefinement.MIN_EFFORT;

    public SthImageWriteParam(Locale locale) {
        super(locale);
        canWriteCompressed = true;
        compressionTypes = new String[] {SthProviderInfo.FORMAT_NAME};
        compressionType = compressionTypes[0];
        compressionQuality = 0.5f;
    }

    /** There is one compression type, so it stays set (as in the JDK's JPEG parameters). */
    @Override
    public void unsetCompression() {
        super.unsetCompression();
        compressionType = compressionTypes[0];
        compressionQuality = 0.5f;
    }

    /** Lossy whatever the level (the alpha channel, if any, is kept losslessly). */
    @Override
    public boolean isCompressionLossless() {
        super.isCompressionLossless(); // the standard checks on the mode and type
        return false;
    }

    /** The models to choose from; null (default) for {@link ModelSource#defaults()}. */
    public void setModelSource(ModelSource models) {
        this.models = models;
    }

    public ModelSource getModelSource() {
        return models;
    }

    /** Models from a folder: one bundle, or a folder of bundles (like the project's models/bundles). */
    public void setModelDirectory(Path dir) throws IOException {
        this.models = ModelSource.directory(dir);
    }

    /** The model family, e.g. "psnr" or "ms-ssim"; null (default) for psnr if present, else the first. */
    public void setFamily(String family) {
        this.family = family;
    }

    public String getFamily() {
        return family;
    }

    /** One model by name, overriding family and quality; null (default) to choose by those. */
    public void setModelName(String modelName) {
        this.modelName = modelName;
    }

    public String getModelName() {
        return modelName;
    }

    /**
     * Encoder effort, 1 (default: one pass) to 9 ({@link LatentRefinement}): higher refines the image's latent
     * for smaller files at the same quality, at more encode time; the files decode with any reader.
     *
     * @throws IllegalArgumentException outside 1..9
     */
    public void setEffort(int effort) {
        LatentRefinement.checkEffort(effort);
        this.effort = effort;
    }

    public int getEffort() {
        return effort;
    }
}
