package dev.sth.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The option mixins keep each command's names and defaults (parsed only; nothing runs). */
class SharedOptionsTest {

    private static CommandSpec parsed(String... args) {
        return SthTrainer.commandLine().parseArgs(args).subcommand().commandSpec();
    }

    private static Object value(CommandSpec spec, String option) {
        return spec.findOption(option).getValue();
    }

    @Test
    void theRunFolderIsOneOption() {
        String[][] commands = {{"train"}, {"export", "--name", "n"}, {"snapshot", "--out", "o"}};
        for (String[] command : commands) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 2);
            args[command.length] = "--run";
            args[command.length + 1] = "runs/a";
            CommandSpec spec = parsed(args);
            assertEquals(Path.of("runs/a"), value(spec, "--run"), command[0]);
            assertTrue(spec.findOption("--run").required(), command[0]);
        }
    }

    @Test
    void bundleOptionsKeepEachCommandsDefault() {
        CommandSpec export = parsed("export", "--run", "r", "--name", "n");
        assertEquals(0, value(export, "--prior-images"));
        assertEquals(false, value(export, "-f"));
        CommandSpec compress = parsed("compress-model", "--model", "m", "--out", "o");
        assertEquals(150, value(compress, "--prior-images"));
        assertEquals(false, value(compress, "-f"));
        CommandSpec given = parsed("compress-model", "--model", "m", "--out", "o", "--prior-images", "7", "-f");
        assertEquals(7, value(given, "--prior-images"));
        assertEquals(true, value(given, "-f"));
        String help = new CommandLine(new dev.sth.compress.CompressModelCommand()).getUsageMessage();
        assertTrue(help.contains("(default: 150)"), help);
    }

    @Test
    void tablesGoToOut() {
        assertEquals(Path.of("t.md"), value(parsed("bdrate", "--anchor", "a.json", "--test", "b.json", "--out", "t.md"), "--out"));
        assertEquals(Path.of("t.md"), value(parsed("compression-report", "--anchor", "a=x", "--variant", "b=y", "--out", "t.md"),
                "--out"));
    }
}
