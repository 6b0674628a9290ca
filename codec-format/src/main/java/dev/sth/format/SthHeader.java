package dev.sth.format;

import java.util.Objects;

/**
 * Everything a decoder must know before it touches the coded symbols.
 *
 * <p>Validated on construction (IllegalArgumentException), so a header that exists is one a reader
 * would accept: the sizes are within {@link Limits}, and the symbol tensor the coder will produce
 * ({@link #symbolShape()}) is the one the image size and stride imply.
 */
public record SthHeader(ImageInfo image, ModelId model, LatentInfo latent, CoderParams coder) {

    /**
     * Where the model field (name length, name, SHA-256) starts in a version 1.0 file: the offset a
     * model-mismatch error reports (docs/FORMAT.md, "Header").
     */
    public static final long MODEL_FIELD_OFFSET = 22;

    public SthHeader {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(latent, "latent");
        Objects.requireNonNull(coder, "coder");
        // SymbolShape checks the symbol count against Limits.MAX_SYMBOLS.
        latent.symbolShape(image);
        coder.checkAlphabet(latent.alphabetSize());
    }

    /** (C/d) x ceil(H/stride) x ceil(W/stride). */
    public SymbolShape symbolShape() {
        return latent.symbolShape(image);
    }

    public int alphabetSize() {
        return latent.alphabetSize();
    }

    /**
     * Refuses to go on with a model other than the one the file was coded with.
     *
     * @throws SthFormatException naming both models when they differ
     */
    public void requireModel(ModelId available) throws SthFormatException {
        if (!model.equals(available)) {
            throw new SthFormatException(0, "file was coded with model " + model + " but the model at hand is " + available);
        }
    }
}
