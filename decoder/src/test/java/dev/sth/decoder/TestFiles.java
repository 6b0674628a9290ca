package dev.sth.decoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import dev.sth.entropy.LatentCoder;
import dev.sth.entropy.SymbolTensor;
import dev.sth.format.AlphaChunk;
import dev.sth.format.Chunk;
import dev.sth.format.ImageInfo;
import dev.sth.format.LatentInfo;
import dev.sth.format.SthFile;
import dev.sth.format.SthHeader;
import dev.sth.format.SthWriter;
import dev.sth.model.ModelBundle;
import dev.sth.model.NetworkConfig;

/**
 * Test inputs for the decoder: the golden file, and valid .sth files of any size and kind made
 * without the encoder (random symbols, coded with the tiny model's priors).
 */
public final class TestFiles {

    private TestFiles() {
    }

    public static Path testdata() {
        return Path.of(System.getProperty("sth.testdata", "../testdata")).toAbsolutePath().normalize();
    }

    public static Path tinyModels() {
        return testdata().resolve("models");
    }

    public static ModelBundle tiny() throws IOException {
        return ModelBundle.load(tinyModels().resolve("tiny-test"), false);
    }

    public static Path golden(String name) {
        return testdata().resolve("golden").resolve(name);
    }

    /**
     * A valid file of {@code width × height} with {@code channels} (1, 3 or 4; 4 carries an alpha
     * plane of a diagonal ramp) for {@code model}. Symbols are random but mostly one center, so
     * the picture is calm.
     */
    public static SthFile synthetic(ModelBundle model, int width, int height, int channels, long seed) {
        NetworkConfig net = model.network();
        ImageInfo info = new ImageInfo(width, height, channels, 8);
        LatentInfo latent = new LatentInfo(NetworkConfig.STRIDE, net.latentChannels(), net.vectorDim(), net.centers());
        SthHeader header = new SthHeader(info, model.id(), latent, model.coder());
        Random rnd = new Random(seed);
        int[] s = new int[header.symbolShape().size()];
        for (int i = 0; i < s.length; i++) s[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(net.centers()) : net.centers() / 2;
        SymbolTensor t = SymbolTensor.of(header.symbolShape(), net.centers(), s);
        byte[] payload = LatentCoder.encode(t, model.priors(), model.coder());
        List<Chunk> ancillary = channels == 4 ? List.of(AlphaChunk.of(alphaRamp(width, height), width, height)) : List.of();
        return new SthFile(header, payload, ancillary);
    }

    public static byte[] alphaRamp(int width, int height) {
        byte[] a = new byte[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) a[y * width + x] = (byte) (255 * (x + y) / Math.max(1, width + height - 2));
        return a;
    }

    public static Path write(Path dir, String name, SthFile file) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, SthWriter.toBytes(file));
        return p;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    public static String sha256(Path p) throws IOException {
        return sha256(Files.readAllBytes(p));
    }
}
