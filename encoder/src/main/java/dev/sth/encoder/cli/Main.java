package dev.sth.encoder.cli;

import java.util.OptionalInt;

import dev.sth.cli.Cli;
import dev.sth.model.NativeSettings;

/** Entry point of {@code sth-encoder.jar}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (Cli.needsNative(args)) {
            // ND4J's speed settings must be in the environment before the JVM starts (docs/nd4j.md).
            OptionalInt child = NativeSettings.relaunchIfNeeded(Main.class, args);
            if (child.isPresent()) System.exit(child.getAsInt());
        }
        System.exit(run(args));
    }

    /** Runs the command in this JVM (tests call this). */
    public static int run(String... args) {
        return Cli.commandLine(new EncoderCommand(), EncoderCommand.TOOL).execute(args);
    }
}
