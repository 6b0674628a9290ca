package dev.sth.imageio;

import com.twelvemonkeys.imageio.spi.ReaderWriterProviderInfo;

/**
 * What the {@code .sth} ImageIO plugin provides: format names, suffix, MIME type and the classes of
 * the reader (in the decoder jar) and the writer (in the encoder jar). Vendor and version come from
 * the jar manifest.
 */
final class SthProviderInfo extends ReaderWriterProviderInfo {

    static final String FORMAT_NAME = "sth";
    static final String MIME_TYPE = "image/x-sth";

    SthProviderInfo() {
        super(SthProviderInfo.class,
                new String[] {"sth", "STH"},
                new String[] {"sth"},
                new String[] {MIME_TYPE}, // no registered type exists
                "dev.sth.imageio.SthImageReader",
                new String[] {"dev.sth.imageio.SthImageReaderSpi"},
                "dev.sth.imageio.SthImageWriter",
                new String[] {"dev.sth.imageio.SthImageWriterSpi"},
                false, null, null, null, null,
                true, null, null, null, null);
    }
}
