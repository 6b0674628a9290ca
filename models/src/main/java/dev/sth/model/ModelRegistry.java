package dev.sth.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;


/**
 * The models shipped inside the jars, under {@code /sth/models/<name>/} on the class path, listed
 * in {@code /sth/models/index.txt}. The decoder jar carries only their synthesis halves.
 */
public final class ModelRegistry {

    public static final String ROOT = "/sth/models/";

    private static final Map<String, ModelBundle> CACHE = new ConcurrentHashMap<>();

    private ModelRegistry() {
    }

    /** Names of the shipped models, in index order. */
    public static List<String> names() {
        return readIndex(ROOT + "index.txt");
    }

    /** The entries of an index on the class path (one per line, {@code #} comments); empty if it is absent. */
    static List<String> readIndex(String resource) {
        List<String> entries = new ArrayList<>();
        try (InputStream in = ModelRegistry.class.getResourceAsStream(resource)) {
            if (in == null) return entries;
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) entries.add(line);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the model index " + resource, e);
        }
        return entries;
    }

    /** Whether the analysis half of {@code name} is on the class path (i.e. this is an encoder). */
    public static boolean hasAnalysis(String name) {
        return ModelRegistry.class.getResource(ROOT + name + "/" + ModelBundle.ANALYSIS_FILE) != null;
    }

    /** A shipped model; loaded once per JVM and shared (bundles are immutable). */
    public static ModelBundle load(String name, boolean withAnalysis) throws IOException {
        String key = name + (withAnalysis ? "+analysis" : "");
        ModelBundle cached = CACHE.get(key);
        if (cached != null) return cached;
        String base = ROOT + name + "/";
        try (InputStream syn = ModelRegistry.class.getResourceAsStream(base + ModelBundle.SYNTHESIS_FILE);
             InputStream ana = withAnalysis ? ModelRegistry.class.getResourceAsStream(base + ModelBundle.ANALYSIS_FILE) : null) {
            if (syn == null) throw new IOException("no shipped model named '" + name + "' (shipped: " + names() + ")");
            if (withAnalysis && ana == null) throw new IOException("model '" + name + "' ships without its analysis half");
            ModelBundle b = ModelBundle.read(syn, ana, "classpath:" + base);
            CACHE.put(key, b);
            return b;
        }
    }
}
