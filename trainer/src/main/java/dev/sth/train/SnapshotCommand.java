package dev.sth.train;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code snapshot}: a run's last checkpoint in the compact form that is committed ({@link Snapshot}). */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = {"Writes a run's last checkpoint, config, log and commands in the compact form that is committed",
                "(models/campaign). `train --run RUN --resume --from DIR` resumes from it on any machine."})
public final class SnapshotCommand implements Callable<Integer> {

    @Mixin
    RunFolderOption run;
    @Option(names = "--out", required = true, description = "snapshot folder (its files are replaced)")
    Path out;

    @Override
    public Integer call() throws Exception {
        long step = Snapshot.write(run.path(), out);
        System.out.printf("snapshot of %s at step %d in %s%n", run.path(), step, out);
        return 0;
    }
}
