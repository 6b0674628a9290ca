package dev.sth.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sth.format.Chunk;
import dev.sth.format.CoderParams;
import dev.sth.format.ImageInfo;
import dev.sth.format.LatentInfo;
import dev.sth.format.ModelId;
import dev.sth.format.SthFile;
import dev.sth.format.SthHeader;
import dev.sth.format.SthReader;
import dev.sth.format.SthWriter;
import dev.sth.format.SymbolShape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checked-in files must decode to known symbols and re-encode to the same bytes: any change of the
 * container, the range coder, the adaptation rule, the context model or the priors format fails here.
 * (Regenerate only for a deliberate format change, with a new version: run this class with
 * {@code -Dsth.golden.write=true} and commit the new files together with the docs.)
 */
class GoldenFileTest {
    static final String DIR = "/golden/";
    static final ModelId MODEL = ModelId.hashing("golden", "golden weights".getBytes(StandardCharsets.UTF_8));

    /** 40x24 RGB, stride 8, C = 4, d = 2, L = 6: 2 x 3 x 5 symbols, neighbour model, flat priors, one 'meta' chunk. */
    static SthHeader smallHeader() {
        return new SthHeader(new ImageInfo(40, 24, 3, 8), MODEL, new LatentInfo(8, 4, 2, 6), CoderParams.defaults());
    }

    /** 60x41 gray 16-bit, stride 8, C = 8, d = 2, L = 16: 4 x 6 x 8 symbols, neighbour model, trained priors. */
    static SthHeader trainedHeader() {
        return new SthHeader(new ImageInfo(60, 41, 1, 16), MODEL, new LatentInfo(8, 8, 2, 16), new CoderParams(1, 24, 4096));
    }

    /** Deterministic symbols from a formula (no random generator whose algorithm could change). */
    static SymbolTensor pattern(SymbolShape shape, int alphabet, int salt) {
        int[] s = new int[shape.size()];
        int i = 0;
        for (int c = 0; c < shape.channels(); c++) {
            for (int y = 0; y < shape.height(); y++) {
                for (int x = 0; x < shape.width(); x++) {
                    int smooth = (x + y + c * salt) / 3 + ((x * y + salt) % 7 == 0 ? 2 : 0);
                    s[i++] = Math.floorMod(alphabet / 2 + smooth - (shape.width() + shape.height()) / 6, alphabet);
                }
            }
        }
        return SymbolTensor.of(shape, alphabet, s);
    }

    static ContextPriors trainedPriors() {
        SthHeader h = trainedHeader();
        ContextPriors.Builder b = ContextPriors.builder(h.coder(), 16, h.symbolShape().channels());
        for (int salt = 1; salt <= 3; salt++) {
            b.add(pattern(h.symbolShape(), 16, salt));
        }
        return b.build();
    }

    static byte[] smallFile() {
        SthHeader h = smallHeader();
        byte[] payload = LatentCoder.encode(pattern(h.symbolShape(), 6, 5),
                ContextPriors.flat(CoderParams.NEIGHBOURS, 6, h.symbolShape().channels()), h.coder());
        return SthWriter.toBytes(new SthFile(h, payload, List.of(new Chunk("meta", "golden".getBytes(StandardCharsets.UTF_8)))));
    }

    static byte[] trainedFile() {
        SthHeader h = trainedHeader();
        byte[] payload = LatentCoder.encode(pattern(h.symbolShape(), 16, 4), trainedPriors(), h.coder());
        return SthWriter.toBytes(new SthFile(h, payload));
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = GoldenFileTest.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IOException("missing test vector " + DIR + name);
            }
            return in.readAllBytes();
        }
    }

    @Test
    void smallFileDecodesToKnownSymbols() throws IOException {
        maybeWrite();
        byte[] golden = resource("v1-small.sth");
        SthFile file = SthReader.read(golden);
        assertEquals(smallHeader(), file.header());
        assertEquals(List.of(new Chunk("meta", "golden".getBytes(StandardCharsets.UTF_8))), file.ancillary());
        SymbolTensor symbols = LatentCoder.decode(file, ContextPriors.flat(CoderParams.NEIGHBOURS, 6, 2));
        assertEquals(pattern(smallHeader().symbolShape(), 6, 5), symbols);
        assertArrayEquals(golden, smallFile(), "writer output changed");
    }

    @Test
    void trainedPriorsFileDecodesToKnownSymbols() throws IOException {
        maybeWrite();
        ContextPriors priors = ContextPriors.fromBytes(resource("v1-priors.bin"));
        assertEquals(trainedPriors(), priors);
        assertArrayEquals(resource("v1-priors.bin"), trainedPriors().toBytes(), "priors builder or format changed");
        byte[] golden = resource("v1-trained.sth");
        SthFile file = SthReader.read(golden);
        assertEquals(pattern(trainedHeader().symbolShape(), 16, 4), LatentCoder.decode(file, priors));
        assertArrayEquals(golden, trainedFile(), "coder output changed");
    }

    private static void maybeWrite() throws IOException {
        if (!Boolean.getBoolean("sth.golden.write")) {
            return;
        }
        Path dir = Path.of("src/test/resources/golden");
        Files.createDirectories(dir);
        Files.write(dir.resolve("v1-small.sth"), smallFile());
        Files.write(dir.resolve("v1-priors.bin"), trainedPriors().toBytes());
        Files.write(dir.resolve("v1-trained.sth"), trainedFile());
    }
}
