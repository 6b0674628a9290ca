package dev.sth.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
            // Every kernel of both halves is compressed; the network runs on exactly centers[symbols].
            long kernels = b.allWeights().keySet().stream().filter(k -> k.endsWith(".W")).count();
            assertEquals(kernels, q.size(), name);
            for (Map.Entry<String, QuantizedWeights> e : q.entrySet()) {
                INDArray w = b.allWeights().get(e.getKey());
                assertArrayEquals(e.getValue().values(), w.dup('c').data().asFloat(), 0f, name + " " + e.getKey());
            }
            double factor = Double.parseDouble(b.info().getProperty("compression.factor"));
            assertTrue(factor > 4, name + " is compressed only " + factor + "×");
            // The float16 model it was made from is kept, unchanged, for measurement and re-runs.
            assertTrue(from.startsWith(name + " "), from);
            Path source = SOURCES.resolve(name);
            assertTrue(Files.isDirectory(source), "no float16 source " + source + " for compressed " + name);
            ModelBundle src = ModelBundle.load(source, true);
            assertEquals(from.substring(name.length() + 1), src.id().sha256Hex(), name + ": source changed since compression");
            assertTrue(src.quantizedWeights().isEmpty());
            assertEquals(src.network(), b.network());
        }
    }
}
