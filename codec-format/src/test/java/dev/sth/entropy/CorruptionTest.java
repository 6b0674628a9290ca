package dev.sth.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sth.format.Chunk;
import dev.sth.format.CoderParams;
import dev.sth.format.ImageInfo;
import dev.sth.format.LatentInfo;
import dev.sth.format.ModelId;
import dev.sth.format.SthFile;
import dev.sth.format.SthFormatException;
import dev.sth.format.SthHeader;
import dev.sth.format.SthReader;
import dev.sth.format.SthWriter;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Exhaustive damage to one small valid file: every single-bit flip and every truncation must be
 * refused with an SthFormatException that says what is wrong (and no other exception).
 */
class CorruptionTest {
    static final SthHeader HEADER = new SthHeader(new ImageInfo(40, 24, 3, 8),
            ModelId.hashing("tiny", "w".getBytes(StandardCharsets.UTF_8)), new LatentInfo(8, 4, 2, 6), CoderParams.defaults());

    static byte[] validFile() {
        SymbolTensor t = TestTensors.smoothField(new Random(5), HEADER.symbolShape(), 6, 1);
        ContextPriors priors = ContextPriors.flat(CoderParams.NEIGHBOURS, 6, t.shape().channels());
        byte[] payload = LatentCoder.encode(t, priors, HEADER.coder());
        return SthWriter.toBytes(new SthFile(HEADER, payload, List.of(new Chunk("meta", new byte[] {1, 2, 3}))));
    }

    @Test
    void everySingleBitFlipIsRefused() {
        byte[] valid = validFile();
        TreeMap<String, Integer> reasons = new TreeMap<>();
        for (int bit = 0; bit < valid.length * 8; bit++) {
            byte[] damaged = valid.clone();
            damaged[bit / 8] ^= (byte) (1 << (bit % 8));
            try {
                SthReader.read(damaged);
                fail("bit " + bit + " flipped, file accepted");
            } catch (SthFormatException e) {
                assertFalse(e.reason().isBlank());
                assertTrue(e.offset() >= 0 && e.offset() <= valid.length, e.getMessage());
                reasons.merge(e.reason().replaceAll("'[^']*'", "'*'").replaceAll("0x[0-9A-F]+|\\b[0-9A-F]{2}\\b|\\d+", "#"), 1, Integer::sum);
            }
        }
        assertEquals(valid.length * 8, reasons.values().stream().mapToInt(Integer::intValue).sum(), "every flip refused once");
        // The CRC32C over the header and over each chunk catches most; the rest are caught earlier, by field checks.
        assertTrue(reasons.keySet().stream().anyMatch(r -> r.contains("CRC")), reasons.toString());
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] valid = validFile();
        for (int length = 0; length < valid.length; length++) {
            byte[] prefix = Arrays.copyOf(valid, length);
            SthFormatException e = assertThrows(SthFormatException.class, () -> SthReader.read(prefix), "prefix " + length);
            assertTrue(e.reason().contains("ends") || e.reason().contains("remain"), e.getMessage());
            SthFormatException s = assertThrows(SthFormatException.class,
                    () -> SthReader.read(new ByteArrayInputStream(prefix)), "stream prefix " + length);
            assertTrue(s.reason().contains("ends"), s.getMessage());
        }
    }

    @Test
    void validFileDecodes() throws SthFormatException {
        SthFile file = SthReader.read(validFile());
        SymbolTensor expected = TestTensors.smoothField(new Random(5), HEADER.symbolShape(), 6, 1);
        assertEquals(expected, LatentCoder.decode(file, ContextPriors.flat(CoderParams.NEIGHBOURS, 6, 2)));
    }

    /** Past the container's CRC (as if the damage had happened before it was computed): the coder alone. */
    @Test
    void damagedCodeStreamsGiveSymbolsOrSthFormatExceptionOnly() {
        SymbolTensor t = TestTensors.smoothField(new Random(6), HEADER.symbolShape(), 6, 1);
        ContextPriors priors = ContextPriors.flat(CoderParams.NEIGHBOURS, 6, 2);
        byte[] code = LatentCoder.encode(t, priors, HEADER.coder());
        int flipsRefused = 0;
        int truncationsRefused = 0;
        for (int bit = 0; bit < code.length * 8; bit++) {
            byte[] damaged = code.clone();
            damaged[bit / 8] ^= (byte) (1 << (bit % 8));
            try {
                LatentCoder.decode(damaged, t.shape(), 6, priors, HEADER.coder());
            } catch (SthFormatException e) {
                flipsRefused++;
            }
        }
        for (int length = 0; length < code.length; length++) {
            byte[] prefix = Arrays.copyOf(code, length);
            try {
                LatentCoder.decode(prefix, t.shape(), 6, priors, HEADER.coder());
            } catch (SthFormatException e) {
                truncationsRefused++;
            }
        }
        // Any other exception would have failed the test above. Without a checksum a flip can decode to other
        // symbols, but the coder's end-of-stream check still catches many, and every truncation.
        assertEquals(code.length, truncationsRefused, "truncations the coder let through");
        assertTrue(flipsRefused > 0, "no bit flip of the code stream was detected by the coder");
    }
}
