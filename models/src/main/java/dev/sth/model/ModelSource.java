package dev.sth.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.sth.format.ModelId;
import dev.sth.format.SthFormatException;
import dev.sth.format.SthHeader;

/**
 * Where models come from: the ones shipped inside the jar ({@link ModelRegistry}), or a folder on
 * disk (a user's own models, or the tiny test model in the tests). Everything that picks a model,
 * the CLIs and the ImageIO plugin, goes through one of these, so the source is injectable.
 */
public interface ModelSource {

    /** System property naming a model folder to use instead of the shipped models. */
    String MODEL_DIR_PROPERTY = "sth.model.dir";

    /** Model names, in the source's order. */
    List<String> names();

    /**
     * Loads a model; {@code withAnalysis} also loads the encoder half.
     *
     * @throws IOException if there is no such model or it is corrupt
     */
    ModelBundle load(String name, boolean withAnalysis) throws IOException;

    /** For messages: "the shipped models", "models in /some/dir". */
    String describe();

    /**
     * The model a file was coded with. Refuses a file whose model this source lacks, or whose
     * model hash differs from the one here (a file made with another build of the model).
     */
    default ModelBundle forFile(ModelId id) throws IOException {
        if (!names().contains(id.name())) {
            throw new SthFormatException(SthHeader.MODEL_FIELD_OFFSET, "file was coded with model '" + id.name() + "', which is not among "
                    + describe() + " " + names());
        }
        ModelBundle b = load(id.name(), false);
        if (!b.id().equals(id)) {
            throw new SthFormatException(SthHeader.MODEL_FIELD_OFFSET, "file was coded with model '" + id.name() + "' sha256 " + id.sha256Hex()
                    + ", but the model of that name among " + describe() + " has sha256 " + b.id().sha256Hex()
                    + " (another build of the model)");
        }
        return b;
    }

    /** The models shipped inside the jar. */
    static ModelSource shipped() {
        return ShippedModels.INSTANCE;
    }

    /**
     * The models in a folder: either one bundle ({@code synthesis.sthm}, optionally
     * {@code analysis.sthm}) or a folder of bundle folders (listed by {@code index.txt} if present).
     */
    static ModelSource directory(Path dir) throws IOException {
        return DirectoryModels.of(dir);
    }

    /** {@link #MODEL_DIR_PROPERTY} if set, else the shipped models. */
    static ModelSource defaults() throws IOException {
        String dir = System.getProperty(MODEL_DIR_PROPERTY);
        return dir == null || dir.isBlank() ? shipped() : directory(Path.of(dir));
    }
}
