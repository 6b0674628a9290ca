package dev.sth.decoder.imageio;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import com.twelvemonkeys.imageio.spi.ImageReaderSpiBase;

import dev.sth.format.SthFormat;

/** Registers {@link SthImageReader} with ImageIO (META-INF/services/javax.imageio.spi.ImageReaderSpi). */
public final class SthImageReaderSpi extends ImageReaderSpiBase {

    public SthImageReaderSpi() {
        super(new SthProviderInfo());
    }

    /** True when the stream starts with the 8-byte {@code .sth} signature; the stream is left where it was. */
    @Override
    public boolean canDecodeInput(Object source) throws IOException {
        if (!(source instanceof ImageInputStream in)) return false;
        byte[] magic = SthFormat.magic();
        byte[] found = new byte[magic.length];
        in.mark();
        try {
            in.readFully(found);
            return Arrays.equals(magic, found);
        } catch (EOFException e) {
            return false;
        } finally {
            in.reset();
        }
    }

    @Override
    public ImageReader createReaderInstance(Object extension) {
        return new SthImageReader(this);
    }

    @Override
    public String getDescription(Locale locale) {
        return "sth learned image codec (.sth) reader";
    }
}
