package dev.sth.model;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import dev.sth.format.ModelId;

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

    /** A shipped model, or a retired one (its files still decode; the encoder no longer offers it). */
    @Override
    public ModelBundle forFile(ModelId id) throws IOException {
        Optional<ModelBundle> retired = RetiredModels.SHIPPED.find(id);
        return retired.isPresent() ? retired.get() : ModelSource.super.forFile(id);
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
