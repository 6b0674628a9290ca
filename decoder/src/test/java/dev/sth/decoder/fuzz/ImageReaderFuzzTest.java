package dev.sth.decoder.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.CRC32C;

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
        decode(in, false);
    }

    /**
     * The same with the header's and every chunk's CRC32C recomputed over the mutated bytes: almost any
     * mutation breaks a checksum, so without this the fuzzer rarely gets past the container into the
     * fields, the entropy decoder and the synthesis.
     */
    @FuzzTest(maxDuration = "30m")
    void readWithValidChecksums(FuzzedDataProvider in) throws IOException {
        decode(in, true);
    }

    private static void decode(FuzzedDataProvider in, boolean validChecksums) throws IOException {
        boolean region = in.consumeBoolean();
        int rx = in.consumeInt(0, 64);
        int ry = in.consumeInt(0, 64);
        int rw = in.consumeInt(1, 64);
        int rh = in.consumeInt(1, 64);
        byte[] data = in.consumeRemainingAsBytes();
        if (validChecksums) withValidChecksums(data);
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

    /** Rewrites the header CRC and each chunk's CRC (docs/FORMAT.md, sections 2 and 5) where the lengths fit. */
    private static void withValidChecksums(byte[] b) {
        if (b.length < 16) return;
        int at = 12 + ((b[10] & 0xff) << 8 | (b[11] & 0xff));
        if (at + 4 > b.length) return;
        putCrc(b, 0, at);
        for (int p = at + 4; p + 12 <= b.length; ) {
            long d = (b[p] & 0xffL) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
            if (d > b.length - p - 12) return;
            int end = p + 8 + (int) d;
            putCrc(b, p, end);
            p = end + 4;
        }
    }

    /** The CRC32C of {@code b[from..to)}, big-endian at {@code b[to..to+4)}. */
    private static void putCrc(byte[] b, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(b, from, to - from);
        long v = crc.getValue();
        for (int i = 0; i < 4; i++) b[to + i] = (byte) (v >>> (24 - 8 * i));
    }
}
