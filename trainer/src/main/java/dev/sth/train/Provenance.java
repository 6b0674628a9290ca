package dev.sth.train;

import java.util.List;

/** How a run or a model records the command that made it: the real arguments, as a shell would take them. */
public final class Provenance {
    private Provenance() {}

    /**
     * {@code java -jar trainer/target/sth-trainer.jar} and picocli's original arguments (which start with
     * the subcommand), each quoted for a POSIX shell where it needs it.
     */
    public static String commandLine(List<String> originalArgs) {
        StringBuilder b = new StringBuilder("java -jar trainer/target/sth-trainer.jar");
        for (String a : originalArgs) {
            b.append(' ').append(a.matches("[A-Za-z0-9_./=:,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return b.toString();
    }
}
