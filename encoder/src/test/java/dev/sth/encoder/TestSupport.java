package dev.sth.encoder;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.sth.decoder.TestFiles;
import dev.sth.metrics.Metrics;
import dev.sth.model.ModelBundle;
import dev.sth.model.TensorIO;

/** Models and images the encoder tests share; paths and hashes are the decoder tests' ({@link TestFiles}). */
public final class TestSupport {

    private TestSupport() {
    }

    /** The project's testdata/ folder (surefire sets sth.testdata). */
    public static Path testdata() {
        return TestFiles.testdata();
    }

    /** Folder of the tiny committed test models (index.txt + tiny-test/). */
    public static Path tinyModels() {
        return TestFiles.tinyModels();
    }

    public static ModelBundle tiny() throws IOException {
        return ModelBundle.load(tinyModels().resolve("tiny-test"), true);
    }

    /**
     * A folder with three "psnr" levels made from tiny-test: levels 1 and 2 scale the last analysis
     * layer down (smaller latents, fewer bits), level 3 is tiny-test's weights. Only level 3 records
     * Kodak results, so listings show both numbers and "n/a".
     */
    public static Path threeLevels(Path dir) throws IOException {
        ModelBundle tiny = tiny();
        double[] scale = {0.15, 0.4, 1.0};
        StringBuilder index = new StringBuilder("# test levels made from tiny-test\n");
        for (int level = 1; level <= 3; level++) {
            Map<String, INDArray> params = new HashMap<>();
            for (Map.Entry<String, INDArray> e : tiny.allWeights().entrySet()) {
                boolean last = e.getKey().startsWith("analysis.conv2.");
                params.put(e.getKey(), last ? e.getValue().mul(scale[level - 1]) : e.getValue().dup());
            }
            Properties info = new Properties();
            info.setProperty("family", "psnr");
            info.setProperty("level", Integer.toString(level));
            if (level == 3) {
                info.setProperty("kodak.bpp", "0.512");
                info.setProperty("kodak.psnr", "24.10");
            }
            String name = "t-psnr-" + level;
            ModelBundle.of(name, tiny.network(), tiny.coder(), tiny.centers(), tiny.priors(), params, info, TensorIO.FLOAT32)
                    .save(dir.resolve(name));
            index.append(name).append('\n');
        }
        Files.writeString(dir.resolve("index.txt"), index);
        return dir;
    }

    private static BufferedImage chelsea;

    /**
     * A natural test picture of {@code w × h} (up to 451 × 300): a crop of testdata/chelsea.png, the
     * kind of content the tiny test model was trained on (it cannot reproduce synthetic gradients).
     */
    public static synchronized BufferedImage picture(int w, int h) {
        try {
            if (chelsea == null) chelsea = javax.imageio.ImageIO.read(testdata().resolve("chelsea.png").toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int x0 = Math.max(0, Math.min(120, chelsea.getWidth() - w));
        int y0 = Math.max(0, Math.min(60, chelsea.getHeight() - h));
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, chelsea.getRGB(x0, y0, w, h, null, 0, w), 0, w);
        return img;
    }

    public static String sha256(Path file) throws IOException {
        return TestFiles.sha256(file);
    }

    public static String sha256(byte[] bytes) {
        return TestFiles.sha256(bytes);
    }

    /** PSNR in dB between two images' RGB samples (the project's one definition, {@link Metrics}). */
    public static double psnr(BufferedImage a, BufferedImage b) {
        return Metrics.psnr(Metrics.mse(a, b));
    }
}
