package dev.sth.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sth.decoder.SthDecoder;
import dev.sth.format.ImageInfo;
import dev.sth.format.SthFile;
import dev.sth.format.SthReader;
import dev.sth.format.SthWriter;
import dev.sth.metrics.Distortion;
import dev.sth.metrics.Metrics;
import dev.sth.model.ModelBundle;

/** Encoder effort levels: refined files decode with the unchanged decoder and are never worse than effort 1. */
class EffortTest {

    private static ModelBundle tiny;
    private static BufferedImage picture;
    private static double lambda;

    @BeforeAll
    static void load() throws Exception {
        tiny = TestSupport.tiny();
        picture = TestSupport.picture(96, 72);
        lambda = LatentRefinement.trainingBeta(tiny).getAsDouble();
    }

    /** The model's objective on a file: MSE of its decoded image (0–255) + λ · its bpp. */
    private static double cost(byte[] file) throws Exception {
        BufferedImage back = new SthDecoder(tiny).decode(SthReader.read(file));
        return Metrics.mse(picture, back) + lambda * file.length * 8.0 / (96 * 72);
    }

    private static byte[] encode(int effort) {
        SthFile f = new SthEncoder(tiny).encode(picture, new ImageInfo(96, 72, 3, 8), effort, lambda, i -> { });
        return SthWriter.toBytes(f);
    }

    @Test
    void refinedFilesDecodeWithTheUnchangedDecoderAndAreNeverWorse() throws Exception {
        byte[] one = encode(1);
        byte[] five = encode(5);
        BufferedImage back = new SthDecoder(tiny).decode(SthReader.read(five));
        assertEquals(96, back.getWidth());
        assertEquals(72, back.getHeight());
        assertTrue(cost(five) <= cost(one), "effort 5 costs " + cost(five) + ", effort 1 " + cost(one));
    }

    @Test
    void iterationsNeverFallAsTheEffortRisesAndEffortOneIsTheSinglePass() {
        for (Distortion d : Distortion.values()) {
            assertEquals(0, LatentRefinement.iterations(1, d), d.name());
            for (int e = 2; e <= LatentRefinement.MAX_EFFORT; e++) {
                assertTrue(LatentRefinement.iterations(e, d) >= LatentRefinement.iterations(e - 1, d), d + " effort " + e);
                assertTrue(LatentRefinement.iterations(e, d) > 0, d + " effort " + e);
            }
        }
        // MS-SSIM's dearer gradient is capped so that its top effort keeps to the time budget
        assertTrue(LatentRefinement.iterations(9, Distortion.MS_SSIM) < LatentRefinement.iterations(9, Distortion.MSE));
    }

    @Test
    void theSameInputAndEffortGiveTheSameBytes() {
        assertArrayEquals(encode(3), encode(3));
    }

    @Test
    void refinementReportsEveryStepAndRefusesEffortsOutsideOneToNine() {
        AtomicInteger last = new AtomicInteger();
        new SthEncoder(tiny).encode(picture, new ImageInfo(96, 72, 3, 8), 4, lambda, last::set);
        assertEquals(new SthEncoder(tiny).refinementSteps(96, 72, 4), last.get());
        assertThrows(IllegalArgumentException.class, () -> encode(0));
        assertThrows(IllegalArgumentException.class, () -> encode(10));
        assertThrows(IllegalArgumentException.class, () -> new LatentRefinement(tiny, 0));
    }
}
