package dev.sth.encoder.imageio;

import com.twelvemonkeys.imageio.spi.ReaderWriterProviderInfo;
import com.twelvemonkeys.imageio.spi.ReaderWriterProviderInfoTest;

import dev.sth.decoder.imageio.SthProviderInfo;

/**
 * TwelveMonkeys' provider-info checks of the decoder's {@link SthProviderInfo}. They load the writer
 * classes it names, so they run here, the one module with both the reader and the writer on its class path.
 */
class SthProviderInfoTest extends ReaderWriterProviderInfoTest {

    @Override
    protected ReaderWriterProviderInfo createProviderInfo() {
        return new SthProviderInfo();
    }
}
