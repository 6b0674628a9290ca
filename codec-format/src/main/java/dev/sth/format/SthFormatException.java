package dev.sth.format;

import java.io.IOException;

/**
 * Input that is not a valid {@code .sth} file, context-prior blob or code stream.
 *
 * <p>Carries the byte offset where the input went wrong, so that a user (or a fuzzer) can point at
 * the bad byte; the message says what was expected there and what was found.
 */
public class SthFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final String reason;

    public SthFormatException(long offset, String reason) {
        super("at byte offset " + offset + ": " + reason);
        this.offset = offset;
        this.reason = reason;
    }

    /** Byte offset (from the start of the input) where the problem was detected. */
    public long offset() {
        return offset;
    }

    /** The message without the offset prefix. */
    public String reason() {
        return reason;
    }
}
