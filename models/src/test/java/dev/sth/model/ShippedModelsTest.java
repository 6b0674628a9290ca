package dev.sth.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The shipped models as the jars load them; compressed ones against the float16 models they come from. */
class ShippedModelsTest {

    private static final Path SOURCES = Path.of("sources");

    @Test
    void compressedModelsLoadExactlyTheirQuantizedWeightsAndNameTheirSource() throws Exception {
        List<String> names = ModelRegistry.names();
        assertFalse(names.isEmpty(), "the models jar ships models");
        for (String name : names) {
            ModelBundle b = ModelRegistry.load(name, true);
            Map<String, QuantizedWeights> q = b.quantizedWeights();
            String from = b.info().getProperty("compression.from");
            if (q.isEmpty()) {
                assertEquals(null, from, name + " is float16 yet records a compression source");
                continue;
            }
            // Every kernel of both halves is compressed.
            long kernels = b.allWeights().keySet().stream().filter(k -> k.endsWith(".W")).count();
            assertEquals(kernels, q.size(), name);
            // The factor measured on the stored bytes (not the figure the compressor recorded) is over 4, and
            // the recorded one is that measurement.
            long weights = b.allWeights().values().stream().mapToLong(INDArray::length).sum();
            double measured = 4.0 * weights / b.storedWeightBytes();
            assertTrue(measured > 4, name + " is compressed only " + measured + "×");
            assertEquals(measured, Double.parseDouble(b.info().getProperty("compression.factor")), 0.01, name);
            // The float16 model it was made from is kept, unchanged, for measurement and re-runs.
            assertTrue(from.startsWith(name + " "), from);
            Path source = SOURCES.resolve(name);
            assertTrue(Files.isDirectory(source), "no float16 source " + source + " for compressed " + name);
            ModelBundle src = ModelBundle.load(source, true);
            assertEquals(from.substring(name.length() + 1), src.id().sha256Hex(), name + ": source changed since compression");
            assertTrue(src.quantizedWeights().isEmpty());
            assertEquals(src.network(), b.network());
            // The compressed weights still make the source's network: both reconstruct a test image alike.
            INDArray x = testImage();
            double psnrCompressed = psnr(x, roundTrip(b, x));
            double psnrSource = psnr(x, roundTrip(src, x));
            assertTrue(Math.abs(psnrCompressed - psnrSource) < 1.0, name + ": compressed " + psnrCompressed
                    + " dB against the source's " + psnrSource + " dB");
        }
    }

    /** The central 128×128 of testdata/chelsea.png as [1,3,128,128] in [0,1]. */
    private static INDArray testImage() throws java.io.IOException {
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(Path.of("../testdata/chelsea.png").toFile());
        int n = 128;
        int x0 = (img.getWidth() - n) / 2;
        int y0 = (img.getHeight() - n) / 2;
        float[] px = new float[3 * n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int rgb = img.getRGB(x0 + x, y0 + y);
                for (int c = 0; c < 3; c++) px[(c * n + y) * n + x] = ((rgb >> (16 - 8 * c)) & 0xff) / 255f;
            }
        }
        return org.nd4j.linalg.factory.Nd4j.create(px, new long[] {1, 3, n, n}, 'c');
    }

    /** Analysis, nearest centers, synthesis: the codec's path without the entropy coder. */
    private static INDArray roundTrip(ModelBundle m, INDArray x) {
        NetworkConfig net = m.network();
        INDArray z = m.newAnalysis().apply(x);
        int h = (int) z.size(2);
        int w = (int) z.size(3);
        int[] s = Quantizer.assign(z.dup('c').data().asFloat(), net.latentChannels(), h, w, m.centers(), net.vectorDim());
        float[] zhat = Quantizer.reconstruct(s, net.latentChannels(), h, w, m.centers(), net.vectorDim());
        return m.newSynthesis().apply(org.nd4j.linalg.factory.Nd4j.create(zhat, new long[] {1, net.latentChannels(), h, w}, 'c'));
    }

    private static double psnr(INDArray x, INDArray xhat) {
        float[] a = x.dup('c').data().asFloat();
        float[] b = xhat.dup('c').data().asFloat();
        double se = 0;
        for (int i = 0; i < a.length; i++) {
            double d = 255.0 * (a[i] - Math.min(1f, Math.max(0f, b[i])));
            se += d * d;
        }
        return dev.sth.metrics.Metrics.psnr(se / a.length);
    }
}
