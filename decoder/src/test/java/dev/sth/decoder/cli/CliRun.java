package dev.sth.decoder.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import dev.sth.cli.Cli;

/** Runs a command in this JVM, capturing its exit code, stdout and stderr. */
public record CliRun(int code, String out, String err) {

    public static CliRun decoder(String... args) {
        return run(new DecoderCommand(), DecoderCommand.TOOL, args);
    }

    public static CliRun run(Object command, String tool, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.commandLine(command, tool)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** stderr lines that are not warnings or progress (i.e. failure lines). */
    public long errorLines() {
        return err.lines().filter(l -> !l.contains(": warning: ") && !l.contains(" -> ")).count();
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
