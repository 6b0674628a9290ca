package dev.sth.model;

import java.io.IOException;

/** ND4J's native code cannot run here: another platform, or no folder to unpack it into. The message says what to do. */
public final class NativeUnavailableException extends IOException {

    public NativeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
