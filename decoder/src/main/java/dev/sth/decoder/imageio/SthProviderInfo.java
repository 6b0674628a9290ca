package dev.sth.decoder.imageio;

import com.twelvemonkeys.imageio.spi.ReaderWriterProviderInfo;

/**
 * What the {@code .sth} ImageIO plugin provides: format names, suffix, MIME type and the classes of
 * the reader (in the decoder jar) and the writer (in the encoder jar). Vendor and version come from
 * the jar manifest.
 */
public final class SthProviderInfo extends ReaderWriterProviderInfo {

    public static final String FORMAT_NAME = "sth";
    public static final String MIME_TYPE = "image/x-sth";

    public SthProviderInfo() {
        super(SthProviderInfo.class,
                new String[] {"sth", "STH"},
                new String[] {"sth"},
                new String[] {MIME_TYPE}, // no registered type exists
                "dev.sth.decoder.imageio.SthImageReader",
                new String[] {"dev.sth.decoder.imageio.SthImageReaderSpi"},
                "dev.sth.encoder.imageio.SthImageWriter",
                new String[] {"dev.sth.encoder.imageio.SthImageWriterSpi"},
                false, null, null, null, null,
                true, null, null, null, null);
    }
}
