package dev.sth.model;

import java.io.IOException;
import java.util.List;

import dev.sth.model.ModelBundle;
import dev.sth.model.ModelRegistry;

/** The models inside the jar, through {@link ModelRegistry} (which caches them per JVM). */
final class ShippedModels implements ModelSource {

    static final ShippedModels INSTANCE = new ShippedModels();

    private ShippedModels() {
    }

    @Override
    public List<String> names() {
        return ModelRegistry.names();
    }

    @Override
    public ModelBundle load(String name, boolean withAnalysis) throws IOException {
        return ModelRegistry.load(name, withAnalysis);
    }

    @Override
    public String describe() {
        return "the shipped models";
    }

    @Override
    public String toString() {
        return describe();
    }
}
