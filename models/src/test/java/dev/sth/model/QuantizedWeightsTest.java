package dev.sth.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.sth.entropy.ContextPriors;
import dev.sth.format.CoderParams;

/** Compressed weights (network compression): quantizer, entropy-coded storage, bundle loading. */
class QuantizedWeightsTest {

    @TempDir
    Path tmp;

    /** Laplacian-ish weights, as trained kernels look. */
    static INDArray weights(long seed, long... shape) {
        Random r = new Random(seed);
        long n = 1;
        for (long s : shape) n *= s;
        float[] w = new float[(int) n];
        for (int i = 0; i < w.length; i++) w[i] = (float) (0.05 * Math.log(r.nextDouble()) * (r.nextBoolean() ? 1 : -1));
        return Nd4j.create(w, shape, 'c');
    }

    static float[] grid(int l, float lo, float hi, int d) {
        float[] c = new float[l * d];
        for (int j = 0; j < l; j++) for (int k = 0; k < d; k++) c[j * d + k] = lo + (hi - lo) * j / (l - 1) + 0.001f * k;
        return c;
    }

    @Test
    void quantizerMapsEveryVectorToItsNearestCenter() {
        for (int d : new int[] {1, 2, 4}) {
            INDArray w = weights(d, 3, 3, 8, 16);
            float[] centers = grid(12, -0.2f, 0.2f, d);
            QuantizedWeights q = QuantizedWeights.quantize(w, centers, d);
            float[] v = w.data().asFloat();
            float[] got = q.values();
            for (int i = 0; i < q.symbols().length; i++) {
                double best = Double.MAX_VALUE;
                for (int j = 0; j < 12; j++) {
                    double dist = 0;
                    for (int k = 0; k < d; k++) dist += Math.pow(v[i * d + k] - centers[j * d + k], 2);
                    best = Math.min(best, dist);
                }
                double mine = 0;
                for (int k = 0; k < d; k++) {
                    assertEquals(centers[q.symbols()[i] * d + k], got[i * d + k]); // values are exactly centers
                    mine += Math.pow(v[i * d + k] - got[i * d + k], 2);
                }
                assertEquals(best, mine, 1e-12, "vector " + i + " not at its nearest center (d = " + d + ")");
            }
        }
    }

    @Test
    void entropyCodedWeightsDecodeBitExactly() throws IOException {
        for (int d : new int[] {1, 2, 4}) {
            for (int l : new int[] {2, 7, 32, 300}) {
                QuantizedWeights q = QuantizedWeights.quantize(weights(l * 10L + d, 5, 5, 6, 12), grid(l, -0.3f, 0.3f, d), d);
                QuantizedWeights back = roundTrip(q);
                assertArrayEquals(q.symbols(), back.symbols(), "L=" + l + " d=" + d);
                assertArrayEquals(q.centers(), back.centers());
                assertArrayEquals(q.shape(), back.shape());
                assertArrayEquals(q.values(), back.values());
            }
        }
    }

    @Test
    void entropyCodingBeatsFixedLengthOnPeakedSymbols() throws IOException {
        // Laplacian weights on a uniform grid: most symbols near the middle, so entropy < log2(L).
        QuantizedWeights q = QuantizedWeights.quantize(weights(3, 3, 3, 64, 64), grid(32, -0.3f, 0.3f, 1), 1);
        int[] counts = new int[32];
        for (int s : q.symbols()) counts[s]++;
        double entropy = 0;
        for (int c : counts) if (c > 0) entropy -= c * (Math.log(c / (double) q.symbols().length) / Math.log(2));
        double codedBits = (q.storedSize() - 32 * 4 - 8) * 8.0;
        assertTrue(codedBits < entropy * 1.02 + 200, "coded " + codedBits + " bits, entropy " + entropy);
        assertTrue(codedBits < 0.8 * 5 * q.symbols().length, "no gain over 5-bit fixed-length codes");
    }

    @Test
    void channelScaledGridsRoundTripAndRunOnExactlyTheirValues() throws IOException {
        INDArray w = weights(21, 3, 3, 8, 16);
        double[] in = new double[8];
        double[] out = new double[16];
        for (int i = 0; i < in.length; i++) in[i] = Math.pow(2, (i - 3) / 2.0);
        for (int o = 0; o < out.length; o++) out[o] = o == 5 ? 1e6 : Math.pow(2, (o % 5 - 2) / 3.0); // channel 5: clamped
        ChannelScales scales = ChannelScales.of(in, out);
        double step = 0.01;
        QuantizedWeights q = QuantizedWeights.onScaledGrid(w, step, scales);
        float[] v = w.data().asFloat();
        float[] got = q.values();
        float[] m = scales.perElement(v.length);
        for (int e = 0; e < v.length; e++) {
            int i = (e / 16) % 8;
            int o = e % 16;
            float mult = scales.inValues()[i] * scales.outValues()[o];
            assertEquals(mult, m[e]);
            assertEquals(q.centers()[q.symbols()[e]] * mult, got[e]); // exactly center × in × out
            // Each weight sits at the nearest point of its own channel's grid.
            assertTrue(Math.abs(got[e] - v[e]) <= step * mult / 2 * (1 + 1e-5), "element " + e);
        }
        assertEquals(255, scales.out()[5] & 0xff); // clamped to the byte's range
        QuantizedWeights back = roundTrip(q);
        assertEquals(q, back);
        assertArrayEquals(got, back.values());
        // Scales stored as codes: the code of a decoded value is that code, for every byte.
        for (int c = 0; c < 256; c++) assertEquals((byte) c, ChannelScales.code(ChannelScales.value(c)));
        assertEquals(1f, ChannelScales.value(128));
        assertThrows(IllegalArgumentException.class, () -> new QuantizedWeights(new long[] {3, 3, 16, 8}, 1, q.centers(),
                q.symbols(), scales));
    }

    @Test
    void scaledTensorsNeedTheNewerFileVersion() throws IOException {
        QuantizedWeights q = QuantizedWeights.onScaledGrid(weights(4, 3, 3, 4, 4), 0.02,
                ChannelScales.of(new double[] {1, 2, 1, 0.5}, new double[] {1, 1, 4, 1}));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        TensorIO.write(b, Map.of(), TensorIO.FLOAT16, Map.of("x.W", q));
        byte[] bytes = b.toByteArray();
        assertEquals(3, bytes[4]); // version 3: dtype 4 inside
        byte[] asVersion2 = bytes.clone();
        asVersion2[4] = 2; // a version-2 file may not hold dtype 4
        IOException e = assertThrows(IOException.class, () -> TensorIO.readAll(new ByteArrayInputStream(asVersion2), "t"));
        assertTrue(e.getMessage().contains("dtype 4"), e.getMessage());
        // Unscaled quantized tensors still write version 2, which older readers accept.
        ByteArrayOutputStream b2 = new ByteArrayOutputStream();
        TensorIO.write(b2, Map.of(), TensorIO.FLOAT16,
                Map.of("x.W", QuantizedWeights.quantize(weights(4, 3, 3, 4, 4), grid(8, -0.2f, 0.2f, 1), 1)));
        assertEquals(2, b2.toByteArray()[4]);
    }

    @Test
    void corruptCodeStreamIsRefused() throws IOException {
        QuantizedWeights q = QuantizedWeights.quantize(weights(9, 3, 3, 8, 8), grid(16, -0.2f, 0.2f, 1), 1);
        Map<String, QuantizedWeights> m = Map.of("x.W", q);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        TensorIO.write(b, Map.of(), TensorIO.FLOAT16, m);
        byte[] bytes = b.toByteArray();
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 20);
        assertThrows(IOException.class, () -> TensorIO.readAll(new ByteArrayInputStream(truncated), "t"));
        byte[] badCenters = bytes.clone();
        int lAt = indexOfCenterCount(bytes);
        badCenters[lAt] = 0;
        badCenters[lAt + 1] = 1; // one center: refused before anything is allocated
        IOException e = assertThrows(IOException.class, () -> TensorIO.readAll(new ByteArrayInputStream(badCenters), "t"));
        assertTrue(e.getMessage().contains("centers"), e.getMessage());
    }

    /** Offset of the u16 center count: after magic, version, count, name, dtype, rank, dims and d. */
    private static int indexOfCenterCount(byte[] b) {
        return 4 + 1 + 4 + 2 + "x.W".length() + 1 + 1 + 4 * 4 + 1;
    }

    @Test
    void bundleLoadsExactlyTheQuantizedWeights() throws IOException {
        NetworkConfig net = new NetworkConfig(8, 1, 8, 6, 1);
        Map<String, INDArray> params = new SthNetwork(net).initialParameters(5);
        Map<String, QuantizedWeights> quantized = new TreeMap<>();
        params.forEach((k, v) -> {
            if (k.endsWith(".W")) {
                float lo = v.minNumber().floatValue();
                float hi = v.maxNumber().floatValue();
                quantized.put(k, QuantizedWeights.quantize(v, grid(16, lo, hi, 1), 1));
            }
        });
        CoderParams coder = CoderParams.defaults();
        ContextPriors priors = ContextPriors.flat(coder.contextModelId(), net.centers(), net.symbolChannels());
        float[] centers = {-2, -1, -0.3f, 0.3f, 1, 2};
        ModelBundle b = ModelBundle.of("wq", net, coder, centers, priors, new LinkedHashMap<>(params), quantized,
                new Properties(), TensorIO.FLOAT16);
        b.save(tmp.resolve("wq"));
        ModelBundle loaded = ModelBundle.load(tmp.resolve("wq"), true);
        assertEquals(b.id(), loaded.id());
        assertEquals(quantized.keySet(), loaded.quantizedWeights().keySet());
        for (Map.Entry<String, QuantizedWeights> e : quantized.entrySet()) {
            INDArray w = loaded.allWeights().get(e.getKey());
            assertArrayEquals(e.getValue().values(), w.dup('c').data().asFloat(), 0f, e.getKey()); // exact
            assertArrayEquals(e.getValue().symbols(), loaded.quantizedWeights().get(e.getKey()).symbols());
        }
        // Biases are not quantized: they stay float16.
        assertFalse(loaded.quantizedWeights().containsKey("synthesis.up2.b"));
        long compressed = Files.size(tmp.resolve("wq/synthesis.sthm")) + Files.size(tmp.resolve("wq/analysis.sthm"));
        ModelBundle plain = ModelBundle.of("plain", net, coder, centers, priors, params, new Properties(), TensorIO.FLOAT16);
        plain.save(tmp.resolve("plain"));
        long f16 = Files.size(tmp.resolve("plain/synthesis.sthm")) + Files.size(tmp.resolve("plain/analysis.sthm"));
        assertTrue(plain.storedWeightBytes() > 2 * b.storedWeightBytes(), plain.storedWeightBytes() + " vs " + b.storedWeightBytes());
        assertTrue(compressed < f16, compressed + " vs " + f16);
    }

    private static QuantizedWeights roundTrip(QuantizedWeights q) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        TensorIO.write(b, Map.of(), TensorIO.FLOAT16, Map.of("w", q));
        return TensorIO.readAll(new ByteArrayInputStream(b.toByteArray()), "test").quantized().get("w");
    }
}
