package dev.sth.imageio;

import com.twelvemonkeys.imageio.spi.ReaderWriterProviderInfo;
import com.twelvemonkeys.imageio.spi.ReaderWriterProviderInfoTest;

/** TwelveMonkeys' provider-info checks; here, where both the reader and the writer are on the class path. */
class SthProviderInfoTest extends ReaderWriterProviderInfoTest {

    @Override
    protected ReaderWriterProviderInfo createProviderInfo() {
        return new SthProviderInfo();
    }
}
