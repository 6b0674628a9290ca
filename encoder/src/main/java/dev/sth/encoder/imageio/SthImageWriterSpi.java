package dev.sth.encoder.imageio;

import java.util.Locale;

import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;

import com.twelvemonkeys.imageio.spi.ImageWriterSpiBase;
import dev.sth.decoder.imageio.SthProviderInfo;

/** Registers {@link SthImageWriter} with ImageIO (META-INF/services/javax.imageio.spi.ImageWriterSpi). */
public final class SthImageWriterSpi extends ImageWriterSpiBase {

    public SthImageWriterSpi() {
        super(new SthProviderInfo());
    }

    /** Gray, gray + alpha, RGB, RGBA, palette, any bit depth: whatever has at most four bands. */
    @Override
    public boolean canEncodeImage(ImageTypeSpecifier type) {
        return type.getNumBands() >= 1 && type.getNumBands() <= 4;
    }

    @Override
    public ImageWriter createWriterInstance(Object extension) {
        return new SthImageWriter(this);
    }

    @Override
    public String getDescription(Locale locale) {
        return "sth learned image codec (.sth) writer";
    }
}
