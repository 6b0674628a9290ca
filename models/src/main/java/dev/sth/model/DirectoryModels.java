package dev.sth.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import dev.sth.model.ModelBundle;

/**
 * Models in a folder on disk: one bundle folder, or a folder of bundle folders named by their
 * model names (like {@code models/bundles/}). Loaded bundles are cached per JVM by path.
 */
final class DirectoryModels implements ModelSource {

    private static final Map<String, ModelBundle> CACHE = new ConcurrentHashMap<>();

    private final Path dir;
    /** name → bundle folder */
    private final Map<String, Path> bundles;

    private DirectoryModels(Path dir, Map<String, Path> bundles) {
        this.dir = dir;
        this.bundles = bundles;
    }

    static DirectoryModels of(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new NoSuchFileException(dir.toString(), null, "model folder does not exist or is not a folder");
        }
        Map<String, Path> bundles = new java.util.LinkedHashMap<>();
        if (Files.isRegularFile(abs.resolve(ModelBundle.SYNTHESIS_FILE))) {
            // One bundle: its name is the one recorded inside it.
            bundles.put(bundleAt(abs, false).name(), abs);
        } else {
            Path index = abs.resolve("index.txt");
            List<String> names = new ArrayList<>();
            if (Files.isRegularFile(index)) {
                for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
                    line = line.strip();
                    if (!line.isEmpty() && !line.startsWith("#")) names.add(line);
                }
            } else {
                try (Stream<Path> s = Files.list(abs)) {
                    s.filter(p -> Files.isRegularFile(p.resolve(ModelBundle.SYNTHESIS_FILE)))
                            .map(p -> p.getFileName().toString()).sorted().forEach(names::add);
                }
            }
            for (String n : names) bundles.put(n, abs.resolve(n));
            if (bundles.isEmpty()) {
                throw new IOException(dir + ": no model bundles here (expected " + ModelBundle.SYNTHESIS_FILE
                        + ", or folders holding one)");
            }
        }
        return new DirectoryModels(abs, bundles);
    }

    @Override
    public List<String> names() {
        return List.copyOf(bundles.keySet());
    }

    @Override
    public ModelBundle load(String name, boolean withAnalysis) throws IOException {
        Path p = bundles.get(name);
        if (p == null) throw new IOException("no model named '" + name + "' among " + describe() + " " + names());
        return bundleAt(p, withAnalysis);
    }

    private static ModelBundle bundleAt(Path p, boolean withAnalysis) throws IOException {
        String key = p + (withAnalysis ? "+analysis" : "");
        ModelBundle b = CACHE.get(key);
        if (b == null) {
            if (withAnalysis && !Files.isRegularFile(p.resolve(ModelBundle.ANALYSIS_FILE))) {
                throw new IOException(p + ": this model has no " + ModelBundle.ANALYSIS_FILE + " (decoder-only bundle)");
            }
            b = ModelBundle.load(p, withAnalysis);
            CACHE.put(key, b);
        }
        return b;
    }

    @Override
    public String describe() {
        return "the models in " + dir;
    }

    @Override
    public String toString() {
        return describe();
    }
}
