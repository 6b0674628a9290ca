package dev.sth.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.sth.encoder.LatentRefinement;
import dev.sth.encoder.SthEncoder;
import dev.sth.eval.Images;
import dev.sth.format.ImageInfo;
import dev.sth.format.SthWriter;
import dev.sth.model.ModelBundle;

/** {@link CodecBenchmark}: the {@code bench-codec} timing loop. */
class CodecBenchmarkTest {

    @Test
    void timesEveryImageAndReportsTheRealFilesBpp() throws Exception {
        Path image = Path.of("../testdata/chelsea.png");
        ModelBundle tiny = CodecBenchmark.model(null, Path.of("../testdata/models/tiny-test"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CodecBenchmark.Result r = new CodecBenchmark(tiny, 2).run(List.of(image), new PrintStream(printed));
        assertEquals(1, r.images());
        byte[] file = SthWriter.toBytes(new SthEncoder(tiny).encode(Images.readRgb(image), new ImageInfo(451, 300, 3, 8)));
        assertEquals(file.length * 8.0 / (451 * 300), r.bpp(), 1e-12, "bpp of the encoded bytes");
        assertTrue(r.encodeMs() > 0 && r.decodeMs() > 0 && r.jpegEncodeMs() > 0 && r.jpegDecodeMs() > 0, r.toString());
        List<String> lines = printed.toString().lines().toList();
        assertEquals(3, lines.size(), printed.toString());
        assertTrue(lines.get(0).startsWith("chelsea.png      ") && lines.get(0).contains(" 451x300  encode "), lines.get(0));
        assertTrue(lines.get(1).startsWith("model " + tiny.name() + ", 1 images, "), lines.get(1));
    }

    @Test
    void timesEachEffortAgainstTheFirstInTheSameRun() throws Exception {
        Path image = Path.of("../testdata/chelsea.png");
        ModelBundle tiny = CodecBenchmark.model(null, Path.of("../testdata/models/tiny-test"));
        double lambda = LatentRefinement.trainingBeta(tiny).getAsDouble();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CodecBenchmark.Result r = new CodecBenchmark(tiny, 1, List.of(1, 2), lambda).run(List.of(image), new PrintStream(printed));
        assertEquals(List.of(1, 2), r.efforts().stream().map(CodecBenchmark.EffortTime::effort).toList());
        BufferedImage rgb = Images.readRgb(image);
        byte[] refined = SthWriter.toBytes(new SthEncoder(tiny).encode(rgb, new ImageInfo(451, 300, 3, 8), 2, lambda, i -> { }));
        assertEquals(refined.length * 8.0 / (451 * 300), r.efforts().get(1).bpp(), 1e-12, "bpp of the effort-2 file");
        assertEquals(r.encodeMs(), r.efforts().get(0).encodeMs());
        List<String> lines = printed.toString().lines().toList();
        assertTrue(lines.get(0).contains(" encode e1 ") && lines.get(0).contains(" encode e2 "), lines.get(0));
        assertTrue(lines.get(3).startsWith("effort 2: median encode ") && lines.get(3).contains("× effort 1)"), lines.get(3));
    }

    @Test
    void refusesRefinementWithoutALambda() throws Exception {
        ModelBundle tiny = CodecBenchmark.model(null, Path.of("../testdata/models/tiny-test"));
        assertThrows(IllegalArgumentException.class, () -> new CodecBenchmark(tiny, 1, List.of(1, 3), Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new CodecBenchmark(tiny, 1, List.of(10), Double.NaN));
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, CodecBenchmark.median(new double[] {3, 1, 2}));
        assertEquals(2.5, CodecBenchmark.median(List.of(4.0, 1.0, 3.0, 2.0)));
    }

    @Test
    void refusesNoRepetitions() throws Exception {
        ModelBundle tiny = CodecBenchmark.model(null, Path.of("../testdata/models/tiny-test"));
        assertThrows(IllegalArgumentException.class, () -> new CodecBenchmark(tiny, 0));
    }
}
