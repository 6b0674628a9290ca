package dev.sth.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.sth.decoder.SthDecoder;
import dev.sth.entropy.SymbolTensor;
import dev.sth.format.SthFile;
import dev.sth.format.SthReader;
import dev.sth.format.SthWriter;
import dev.sth.model.ModelBundle;

/**
 * Writes the golden files of testdata/golden/ (see the README there). Not a test: it runs only
 * when asked, with {@code mvn -B -o test -pl encoder -Dtest=GoldenFilesWriter -Dsth.golden.write=true}.
 * The decoder's GoldenFileTest checks them on every build.
 */
@EnabledIfSystemProperty(named = "sth.golden.write", matches = "true")
class GoldenFilesWriter {

    @Test
    void writeChelseaTinyV1() throws Exception {
        write("tiny-test", "chelsea-tiny-v1");
    }

    /** The same picture with the compressed tiny model (entropy-coded weights, network compression). */
    @Test
    void writeChelseaTinyWqV1() throws Exception {
        write("tiny-test-wq", "chelsea-tiny-wq-v1");
    }

    /** The same picture with the channel-scaled tiny model (tensor dtype 4, tensor file version 3). */
    @Test
    void writeChelseaTinyCsV1() throws Exception {
        write("tiny-test-cs", "chelsea-tiny-cs-v1");
    }

    private static void write(String model, String stem) throws Exception {
        Path dir = TestSupport.testdata().resolve("golden");
        Files.createDirectories(dir);
        ModelBundle tiny = ModelBundle.load(TestSupport.tinyModels().resolve(model), true);
        BufferedImage src = ImageIO.read(TestSupport.testdata().resolve("chelsea.png").toFile());
        ImageConversion.Converted c = ImageConversion.convert(src);
        byte[] bytes = SthWriter.toBytes(new SthEncoder(tiny).encode(c));
        Files.write(dir.resolve(stem + ".sth"), bytes);

        SthFile file = SthReader.read(bytes);
        SthDecoder decoder = new SthDecoder(ModelBundle.load(TestSupport.tinyModels().resolve(model), false));
        SymbolTensor symbols = decoder.symbols(file);
        Files.writeString(dir.resolve(stem + ".symbols.sha256"),
                symbolsSha256(symbols) + "  " + symbols.shape() + " int32 big-endian, raster order (channel, row, column)\n");
        ImageIO.write(decoder.decodeImage(file), "png", dir.resolve(stem + ".png").toFile());
        assertEquals(file, SthReader.read(Files.readAllBytes(dir.resolve(stem + ".sth"))));
    }

    /** SHA-256 of the symbols as big-endian 32-bit integers in raster order (as GoldenFileTest computes it). */
    static String symbolsSha256(SymbolTensor s) {
        int[] a = s.toArray();
        ByteBuffer b = ByteBuffer.allocate(a.length * 4);
        for (int v : a) b.putInt(v);
        return TestSupport.sha256(b.array());
    }
}
