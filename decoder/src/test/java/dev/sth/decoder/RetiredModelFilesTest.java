package dev.sth.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import dev.sth.format.SthFile;
import dev.sth.format.SthReader;
import dev.sth.model.ModelSource;
import dev.sth.model.RetiredModels;

/**
 * No file is orphaned: one small file per retired model (testdata/golden/retired/ENTRY.sth, written
 * with it before it was replaced) still decodes through the shipped models, to its recorded picture
 * (ENTRY.png) within the golden files' tolerance.
 */
class RetiredModelFilesTest {

    @Test
    void everyRetiredModelStillDecodesItsFile() throws Exception {
        List<String> entries = RetiredModels.SHIPPED.entries();
        assumeFalse(entries.isEmpty(), "no shipped model has been retired yet");
        for (String entry : entries) {
            Path sth = TestFiles.golden("retired/" + entry + ".sth");
            Path png = TestFiles.golden("retired/" + entry + ".png");
            assertTrue(Files.exists(sth) && Files.exists(png), "retired model " + entry + " needs " + sth + " and " + png);
            SthFile file = SthReader.read(Files.readAllBytes(sth));
            assertEquals(entry, RetiredModels.entry(file.header().model()));
            BufferedImage got = new SthDecoder(ModelSource.shipped().forFile(file.header().model())).decodeImage(file);
            BufferedImage want = ImageIO.read(png.toFile());
            assertEquals(want.getWidth(), got.getWidth(), entry);
            for (int y = 0; y < want.getHeight(); y++) {
                for (int x = 0; x < want.getWidth(); x++) {
                    int a = want.getRGB(x, y), b = got.getRGB(x, y);
                    for (int sh = 0; sh < 24; sh += 8) {
                        int d = Math.abs(((a >> sh) & 0xFF) - ((b >> sh) & 0xFF));
                        assertTrue(d <= GoldenFileTest.MAX_SAMPLE_DIFF, entry + " at (" + x + "," + y + "): " + d);
                    }
                }
            }
        }
    }
}
