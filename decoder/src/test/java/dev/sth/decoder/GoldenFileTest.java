package dev.sth.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.sth.entropy.SymbolTensor;
import dev.sth.format.ModelId;
import dev.sth.format.SthFile;
import dev.sth.format.SthFormatException;
import dev.sth.format.SthHeader;
import dev.sth.format.SthReader;
import dev.sth.metrics.Metrics;
import dev.sth.model.ModelBundle;
import dev.sth.model.ModelSource;

/**
 * The golden file testdata/golden/chelsea-tiny-v1.sth (see the README there) must decode to the
 * recorded symbols <b>exactly</b> (entropy decoding is integer-only, so this holds on every
 * machine) and to the recorded picture within floating-point tolerance: <b>every 8-bit sample
 * within ±2, and PSNR against the expected PNG ≥ 50 dB</b>. A copy naming another model hash must
 * be refused.
 */
class GoldenFileTest {

    static final int MAX_SAMPLE_DIFF = 2;
    static final double MIN_PSNR_DB = 50.0;

    static ModelBundle tiny;
    static SthFile golden;

    @BeforeAll
    static void load() throws Exception {
        tiny = TestFiles.tiny();
        golden = SthReader.read(Files.readAllBytes(TestFiles.golden("chelsea-tiny-v1.sth")));
    }

    /**
     * Each golden file with the test model that wrote it; tiny-test-wq has entropy-coded (compressed) weights,
     * tiny-test-cs channel-scaled grids (tensor dtype 4).
     */
    @ParameterizedTest
    @CsvSource({"chelsea-tiny-v1, tiny-test", "chelsea-tiny-wq-v1, tiny-test-wq", "chelsea-tiny-cs-v1, tiny-test-cs"})
    void symbolsMatchExactly(String stem, String model) throws Exception {
        SthFile file = SthReader.read(Files.readAllBytes(TestFiles.golden(stem + ".sth")));
        assertEquals(model, file.header().model().name());
        SymbolTensor s = new SthDecoder(ModelSource.directory(TestFiles.tinyModels()).forFile(file.header().model()))
                .symbols(file);
        String expected = Files.readString(TestFiles.golden(stem + ".symbols.sha256"), StandardCharsets.UTF_8)
                .split("\\s+")[0];
        assertEquals("8x38x57", s.shape().toString());
        assertEquals(expected, sha256(s));
    }

    @ParameterizedTest
    @CsvSource({"chelsea-tiny-v1, tiny-test", "chelsea-tiny-wq-v1, tiny-test-wq", "chelsea-tiny-cs-v1, tiny-test-cs"})
    void reconstructionWithinTolerance(String stem, String model) throws Exception {
        SthFile file = SthReader.read(Files.readAllBytes(TestFiles.golden(stem + ".sth")));
        ModelBundle bundle = ModelBundle.load(TestFiles.tinyModels().resolve(model), false);
        if (model.endsWith("-wq") || model.endsWith("-cs")) {
            assertEquals(5, bundle.quantizedWeights().size(), "all 5 synthesis kernels are compressed");
        }
        if (model.endsWith("-cs")) {
            bundle.quantizedWeights().forEach((k, q) -> assertTrue(q.scales() != null, k + " has no channel scales"));
        }
        BufferedImage got = new SthDecoder(bundle).decodeImage(file);
        BufferedImage expected = ImageIO.read(TestFiles.golden(stem + ".png").toFile());
        assertEquals(expected.getWidth(), got.getWidth());
        assertEquals(expected.getHeight(), got.getHeight());
        int maxDiff = 0;
        for (int y = 0; y < got.getHeight(); y++) {
            for (int x = 0; x < got.getWidth(); x++) {
                int p = got.getRGB(x, y);
                int q = expected.getRGB(x, y);
                for (int sh = 0; sh < 24; sh += 8) maxDiff = Math.max(maxDiff, Math.abs(((p >> sh) & 0xFF) - ((q >> sh) & 0xFF)));
            }
        }
        double psnr = Metrics.psnr(Metrics.mse(got, expected));
        assertTrue(maxDiff <= MAX_SAMPLE_DIFF, "max sample difference " + maxDiff + " > " + MAX_SAMPLE_DIFF);
        assertTrue(psnr >= MIN_PSNR_DB, "PSNR vs expected " + psnr + " dB < " + MIN_PSNR_DB);
    }

    @Test
    void fileNamingAnotherModelHashIsRefused() throws Exception {
        byte[] hash = golden.header().model().sha256();
        hash[0] ^= 1;
        SthHeader h = golden.header();
        SthFile other = new SthFile(new SthHeader(h.image(), new ModelId(h.model().name(), hash), h.latent(), h.coder()),
                golden.payload(), golden.ancillary());

        SthFormatException e = assertThrows(SthFormatException.class,
                () -> ModelSource.directory(TestFiles.tinyModels()).forFile(other.header().model()));
        assertTrue(e.getMessage().contains("tiny-test") && e.getMessage().contains(other.header().model().sha256Hex())
                && e.getMessage().contains(tiny.id().sha256Hex()), e.getMessage());

        // Even handed the model directly, the decoder refuses to decode with it.
        SthFormatException direct = assertThrows(SthFormatException.class, () -> new SthDecoder(tiny).decode(other));
        assertTrue(direct.getMessage().contains("coded with model"), direct.getMessage());
    }

    @Test
    void fileNamingAnUnknownModelIsRefused() throws Exception {
        SthHeader h = golden.header();
        SthFile other = new SthFile(new SthHeader(h.image(), new ModelId("psnr-9", h.model().sha256()), h.latent(), h.coder()),
                golden.payload(), golden.ancillary());
        SthFormatException e = assertThrows(SthFormatException.class,
                () -> ModelSource.directory(TestFiles.tinyModels()).forFile(other.header().model()));
        assertTrue(e.getMessage().contains("'psnr-9'"), e.getMessage());
    }

    static String sha256(SymbolTensor s) {
        int[] a = s.toArray();
        ByteBuffer b = ByteBuffer.allocate(a.length * 4);
        for (int v : a) b.putInt(v);
        return TestFiles.sha256(b.array());
    }
}
