package dev.sth.decoder.cli;

/** Lets the encoder's tests run the decoder command in-process (its class is package-private in spirit). */
public final class DecoderCommandAccess {

    private DecoderCommandAccess() {
    }

    public static Object create() {
        return new DecoderCommand();
    }
}
