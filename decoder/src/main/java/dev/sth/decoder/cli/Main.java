package dev.sth.decoder.cli;

import dev.sth.cli.Cli;

/** Entry point of {@code sth-decoder.jar}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Cli.main(Main.class, args, Main::run);
    }

    /** Runs the command in this JVM (tests call this). */
    public static int run(String... args) {
        return Cli.commandLine(new DecoderCommand(), DecoderCommand.TOOL).execute(args);
    }
}
