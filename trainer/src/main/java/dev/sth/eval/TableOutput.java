package dev.sth.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Where a command's Markdown table goes ({@code bdrate}, {@code compression-report}): stdout, and a file if given. */
public final class TableOutput {

    @Option(names = "--out", description = "also write the Markdown table to this file")
    Path out;

    /** Prints {@code markdown} and writes it to {@code --out} if given. */
    public void emit(String markdown, PrintStream stdout) throws IOException {
        stdout.print(markdown);
        if (out != null) Files.writeString(out, markdown);
    }
}
