package dev.sth.decoder.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import javax.imageio.IIOException;
import javax.imageio.ImageReadParam;
import javax.imageio.stream.MemoryCacheImageInputStream;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.sth.decoder.imageio.SthImageReaderSpi;

/**
 * Coverage-guided fuzzing (Jazzer) of the whole decode path as an application meets it: an
 * {@link javax.imageio.ImageReader} over arbitrary bytes, asked for its size and then for the pixels
 * (all of them, or a fuzzed source region). Decoding uses the tiny test model (surefire's
 * {@code sth.model.dir}). The one exception allowed is {@link IIOException}; anything else, a hang,
 * or an allocation beyond the documented limits is a finding. A plain test run replays the committed
 * inputs (src/test/resources/dev/sth/decoder/fuzz/ImageReaderFuzzTestInputs/); {@code -Pfuzz} fuzzes.
 */
class ImageReaderFuzzTest {

    private static final SthImageReaderSpi SPI = new SthImageReaderSpi();

    @FuzzTest(maxDuration = "30m")
    void read(FuzzedDataProvider in) throws IOException {
        boolean region = in.consumeBoolean();
        int rx = in.consumeInt(0, 64);
        int ry = in.consumeInt(0, 64);
        int rw = in.consumeInt(1, 64);
        int rh = in.consumeInt(1, 64);
        byte[] data = in.consumeRemainingAsBytes();
        var reader = SPI.createReaderInstance();
        try (var stream = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(stream);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            ImageReadParam p = reader.getDefaultReadParam();
            if (region) p.setSourceRegion(new java.awt.Rectangle(rx % width, ry % height, rw, rh));
            BufferedImage img = reader.read(0, p);
            if (!region) {
                assertEquals(width, img.getWidth());
                assertEquals(height, img.getHeight());
            }
        } catch (IIOException expected) {
            // bad data is refused with ImageIO's own exception
        } finally {
            reader.dispose();
        }
    }
}
