package dev.sth.trainer;

import java.util.OptionalInt;

import dev.sth.model.NativeSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar sth-trainer.jar <command>}: train, export and benchmark sth models. */
@Command(name = "sth-trainer", mixinStandardHelpOptions = true, versionProvider = dev.sth.cli.Cli.Version.class,
        description = "Trains soft-to-hard vector-quantized autoencoders for the sth codec.",
        subcommands = {dev.sth.train.TrainCommand.class, dev.sth.export.ExportCommand.class, dev.sth.compress.CompressModelCommand.class, dev.sth.eval.EvalCommand.class, dev.sth.bench.BenchCommand.class, dev.sth.bench.BenchCodecCommand.class, dev.sth.eval.BdRateCommand.class, dev.sth.eval.CompressionReportCommand.class, dev.sth.eval.MetricsCommand.class, dev.sth.eval.StudyReportCommand.class, dev.sth.train.SnapshotCommand.class, dev.sth.eval.CampaignReportCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the command failed (message on stderr)", "2:bad usage"})
public final class SthTrainer {

    public static void main(String[] args) {
        OptionalInt relaunched = NativeSettings.relaunchIfNeeded(SthTrainer.class, args);
        if (relaunched.isPresent()) System.exit(relaunched.getAsInt());
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SthTrainer());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("sth-trainer: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            if (System.getenv("STH_DEBUG") != null) ex.printStackTrace(cmd.getErr());
            return 1;
        });
        return cl;
    }
}
