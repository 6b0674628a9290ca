package dev.sth.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.sth.format.ModelId;

/**
 * Models the encoder no longer offers, kept so that the files written with them still decode: a
 * {@code .sth} file names its model (name and hash), so dropping a model would orphan every file it
 * wrote. When a shipped model is replaced, its synthesis half moves to {@code retired/NAME@HASH12/}
 * beside the shipped ones (HASH12: the first 12 hex digits of its hash, as the same name may be retired
 * more than once) and its entry to {@code retired/index.txt}. docs/MODELS.md lists them.
 */
public final class RetiredModels {

    /** The retired models in the jars. */
    public static final RetiredModels SHIPPED = new RetiredModels(ModelRegistry.ROOT + "retired/");

    private static final int HASH_DIGITS = 12;

    private final String root;
    private final Map<String, ModelBundle> cache = new ConcurrentHashMap<>();

    RetiredModels(String root) {
        this.root = root;
    }

    /** The entry name of a model: {@code NAME@HASH12}. */
    public static String entry(ModelId id) {
        return id.name() + "@" + id.sha256Hex().substring(0, HASH_DIGITS);
    }

    /** Entries in index order. */
    public List<String> entries() {
        return ModelRegistry.readIndex(root + "index.txt");
    }

    /** The retired model a file was written with, if this is one (same name and the whole hash). */
    public Optional<ModelBundle> find(ModelId id) throws IOException {
        String entry = entry(id);
        if (!entries().contains(entry)) return Optional.empty();
        ModelBundle b = load(entry);
        if (!b.id().equals(id)) {
            throw new IOException("retired model " + entry + " has sha256 " + b.id().sha256Hex() + ", not the file's " + id.sha256Hex());
        }
        return Optional.of(b);
    }

    /** Loads the synthesis half of an entry (once per JVM). */
    public ModelBundle load(String entry) throws IOException {
        ModelBundle cached = cache.get(entry);
        if (cached != null) return cached;
        String path = root + entry + "/" + ModelBundle.SYNTHESIS_FILE;
        try (InputStream syn = RetiredModels.class.getResourceAsStream(path)) {
            if (syn == null) throw new IOException("retired model " + entry + " is listed but " + path + " is missing");
            ModelBundle b = ModelBundle.read(syn, null, "classpath:" + root + entry);
            cache.put(entry, b);
            return b;
        }
    }
}
