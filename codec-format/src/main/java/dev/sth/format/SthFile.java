package dev.sth.format;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A whole {@code .sth} file in memory: the header, the code stream of the symbols, and the
 * ancillary chunks (kept byte for byte so that a rewrite preserves them).
 *
 * @param header    the validated header
 * @param payload   the range-coder output for the header's symbol tensor (copied in and out);
 *                  at most {@link Limits#maxCodeStreamBytes} bytes
 * @param ancillary ancillary chunks in file order (lower-case first letter of type)
 */
public record SthFile(SthHeader header, byte[] payload, List<Chunk> ancillary) {
    public SthFile {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(payload, "payload");
        long max = Limits.maxCodeStreamBytes(header.symbolShape().size());
        Checks.require(payload.length <= max, "payload has " + payload.length + " bytes, more than the "
                + max + " possible for " + header.symbolShape().size() + " symbols");
        ancillary = List.copyOf(ancillary);
        Checks.require(ancillary.size() <= Limits.MAX_ANCILLARY_CHUNKS,
                ancillary.size() + " ancillary chunks, more than " + Limits.MAX_ANCILLARY_CHUNKS);
        long bytes = 0;
        for (Chunk c : ancillary) {
            Checks.require(!c.isCritical(), "chunk " + Chunk.quote(c.type()) + " is critical; only ancillary chunks go in this list");
            bytes += c.length();
        }
        Checks.require(bytes <= Limits.MAX_ANCILLARY_BYTES,
                "ancillary chunks hold " + bytes + " bytes, more than " + Limits.MAX_ANCILLARY_BYTES);
        payload = payload.clone();
    }

    public SthFile(SthHeader header, byte[] payload) {
        this(header, payload, List.of());
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SthFile f && header.equals(f.header) && Arrays.equals(payload, f.payload)
                && ancillary.equals(f.ancillary);
    }

    @Override
    public int hashCode() {
        return Objects.hash(header, Arrays.hashCode(payload), ancillary);
    }

    @Override
    public String toString() {
        return "SthFile[" + header + ", payload " + payload.length + " bytes, ancillary " + ancillary + "]";
    }
}
