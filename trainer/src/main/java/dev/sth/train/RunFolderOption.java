package dev.sth.train;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * The run folder a command works on ({@code train}, {@code export}, {@code snapshot}): one place for
 * the option's name and help. {@code train} creates the folder; the others read what it wrote there.
 */
public final class RunFolderOption {

    @Option(names = "--run", required = true,
            description = "run folder: config.properties, log.csv, checkpoint.tar (train creates it)")
    Path run;

    public Path path() {
        return run;
    }
}
