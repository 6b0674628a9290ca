package dev.sth.format;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Which model a file was coded with: a human-readable name and the SHA-256 of the model's
 * decoder-side content (synthesis weights, quantizer centers and context priors: everything the
 * decoder depends on). A decoder compares the hash with its model's and refuses a mismatch, so no
 * file is ever decoded with the wrong model.
 *
 * @param name   UTF-8, 1..{@link Limits#MAX_MODEL_NAME_BYTES} bytes
 * @param sha256 exactly 32 bytes (copied in and out)
 */
public record ModelId(String name, byte[] sha256) {
    public static final int HASH_BYTES = 32;

    public ModelId {
        Checks.require(name != null, "model name is null");
        int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        Checks.require(nameBytes >= 1 && nameBytes <= Limits.MAX_MODEL_NAME_BYTES,
                "model name has " + nameBytes + " UTF-8 bytes, expected 1.." + Limits.MAX_MODEL_NAME_BYTES);
        Checks.require(name.equals(new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)),
                "model name is not valid Unicode (unpaired surrogate)");
        Checks.require(sha256 != null && sha256.length == HASH_BYTES,
                "model hash must be " + HASH_BYTES + " bytes, found " + (sha256 == null ? "null" : sha256.length));
        sha256 = sha256.clone();
    }

    /** A model id whose hash is the SHA-256 of {@code decoderContent}. */
    public static ModelId hashing(String name, byte[] decoderContent) {
        try {
            return new ModelId(name, MessageDigest.getInstance("SHA-256").digest(decoderContent));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every Java platform has SHA-256", e);
        }
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelId m && name.equals(m.name) && Arrays.equals(sha256, m.sha256);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(sha256);
    }

    @Override
    public String toString() {
        return name + " (sha256 " + sha256Hex() + ")";
    }
}
