package dev.sth.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.sth.model.ModelBundle;
import dev.sth.model.NetworkConfig;
import dev.sth.train.RateModel;
import dev.sth.train.TrainCommand;
import dev.sth.train.TrainConfig;

/** The human-readable MANIFEST.md beside each bundle, and the index of shipped models. */
public final class Manifest {

    private Manifest() {
    }

    static void write(Path dir, ModelBundle b, TrainConfig cfg, long steps, double seconds, int priorImages,
                      Path runDir) throws IOException {
        NetworkConfig n = cfg.network();
        String text = String.format(Locale.ROOT, """
                # Model `%s`

                | field | value |
                |---|---|
                | family / level | %s / %s |
                | sha256 (decoder side) | `%s` |
                | network | N=%d, R=%d, C=%d, L=%d, d=%d (stride %d), %s |
                | training data | `%s` (training split: every %d-th image held out for validation), downscale %.2f |
                | crops / batch | %d×%d / %d |
                | steps | %d |
                | training wall time | %.0f s (%.2f h)%s |
                | distortion | %s |
                | rate control | β = %s, target %s bpp (%s) |
                | schedule | warm-up %d steps (no quantizer), k-means centers, σ %s → %s over %d steps, lr %s (÷10 after %.0f%%) |
                | context priors | %s |
                | initialised from | %s |

                ## Command

                ```
                java -jar trainer/target/sth-trainer.jar train --run RUN --data %s --channels %d --res-blocks %d \\
                  --latent-channels %d --centers %d --vector-dim %d --crop %d --batch %d --steps %d \\
                  --warmup-steps %d --anneal-steps %d --sigma0 %s --sigma1 %s --lr %s --beta %s --target-bpp %s \\
                  --distortion %s --seed %d%s
                java -jar trainer/target/sth-trainer.jar export --run RUN --name %s --family %s --level %s
                ```

                To continue training: `train --run RUN --resume --steps N` while the run folder (with
                `checkpoint.tar`) exists; otherwise fine-tune from this bundle, e.g.
                `train --run NEW_RUN --init-from models/bundles/%s --warmup-steps 0 --anneal-steps 0 ...`
                with the network flags above (fresh optimizer; weights as stored here).

                ## Results

                Filled in by `sth-trainer eval` (see docs/RESULTS.md).
                """,
                b.name(), b.info().getProperty("family"), b.info().getProperty("level"), b.id().sha256Hex(),
                n.channels(), n.residualBlocks(), n.latentChannels(), n.centers(), n.vectorDim(), NetworkConfig.STRIDE,
                n.nonlinearity() == NetworkConfig.Nonlinearity.GDN ? "GDN / inverse GDN" : "ReLU",
                cfg.data().getFileName(), cfg.validationEvery(), cfg.downscale(), cfg.crop(), cfg.crop(), cfg.batch(),
                steps, seconds, seconds / 3600, machines(runDir), cfg.distortion(), cfg.beta(), cfg.targetBpp(),
                cfg.rate() == RateModel.CONTEXT ? "code length under the coder's context tables" : "order-0 estimate",
                cfg.warmupSteps(),
                cfg.sigma0(), cfg.sigma1(), cfg.annealSteps(), cfg.learningRate(), cfg.decayFrom() * 100,
                priorImages < 0 ? "the run's learned rate tables (what its training charged)"
                        : "measured on " + priorImages + " training images",
                cfg.initFrom().isEmpty() ? "random initialisation" : "the last checkpoint of run `" + Path.of(cfg.initFrom()).getFileName() + "`",
                dataPath(cfg.data()), n.channels(), n.residualBlocks(), n.latentChannels(),
                n.centers(), n.vectorDim(), cfg.crop(), cfg.batch(), cfg.steps(), cfg.warmupSteps(), cfg.annealSteps(),
                cfg.sigma0(), cfg.sigma1(), cfg.learningRate(), cfg.beta(), cfg.targetBpp(), cfg.distortion(), cfg.seed(),
                cfg.initFrom().isEmpty() ? "" : " --init-from RUNS/" + Path.of(cfg.initFrom()).getFileName(),
                b.name(), b.info().getProperty("family"), b.info().getProperty("level"), b.name());
        // The command lines that really ran, where the run recorded them, replace the reconstruction.
        Path commands = runDir.resolve(TrainCommand.COMMANDS_FILE);
        if (Files.exists(commands)) {
            int a = text.indexOf("## Command\n");
            int z = text.indexOf("To continue training:");
            text = text.substring(0, a) + "## Command\n\nThe training invocations of this run, as they ran (from its `"
                    + TrainCommand.COMMANDS_FILE + "`), then the export:\n\n```\n" + Files.readString(commands).strip()
                    + "\njava -jar trainer/target/sth-trainer.jar export --run RUN --name " + b.name() + " --family "
                    + b.info().getProperty("family") + " --level " + b.info().getProperty("level") + "\n```\n\n"
                    + text.substring(z);
        }
        // A run's NOTES.md (changes made while it ran: restarts, schedule edits) belongs in the record.
        Path notes = runDir.resolve("NOTES.md");
        if (Files.exists(notes)) {
            text = text.replace("## Results", "## Run notes\n\n" + Files.readString(notes).strip() + "\n\n## Results");
        }
        Files.writeString(dir.resolve("MANIFEST.md"), text);
    }

    /** ", on MACHINE" for each machine the run's recorded invocations name; empty for runs from before that record. */
    static String machines(Path runDir) throws IOException {
        Path commands = runDir.resolve(TrainCommand.COMMANDS_FILE);
        if (!Files.exists(commands)) return "";
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        for (String line : Files.readAllLines(commands)) {
            int on = line.indexOf(" on ");
            if (line.startsWith("# ") && on > 0) seen.add(line.substring(on + 4).strip());
        }
        return seen.isEmpty() ? "" : ", on " + String.join("; ", seen);
    }

    /** The data folder as given relative to the working directory (the repository root), else as it is. */
    static String dataPath(Path data) {
        Path here = Path.of("").toAbsolutePath();
        Path abs = data.toAbsolutePath().normalize();
        return abs.getRoot() != null && abs.getRoot().equals(here.getRoot()) ? here.relativize(abs).toString() : abs.toString();
    }

    /**
     * The manifest of a compressed model: the source model's (its training record), with the new
     * identity, a Network compression section, and an empty Results section for eval to fill.
     */
    public static void writeCompressed(Path dir, ModelBundle b, Path sourceDir, String command) throws IOException {
        Path src = sourceDir.resolve("MANIFEST.md");
        String text = Files.exists(src) ? Files.readString(src) : "# Model `" + b.name() + "`\n\n## Results\n";
        String from = b.info().getProperty("compression.from", "");
        String oldSha = from.contains(" ") ? from.substring(from.indexOf(' ') + 1) : "";
        if (!oldSha.isEmpty()) text = text.replace("`" + oldSha + "`", "`" + b.id().sha256Hex() + "`");
        java.util.Properties i = b.info();
        boolean allocated = i.getProperty("compression.allocateDb") != null;
        String section = String.format(Locale.ROOT, """
                ## Network compression

                The weights are this model's after %s (docs/MODELS.md), from
                `%s` (sha256 `%s`).

                | field | value |
                |---|---|
                | method | %s |
                | centers per kernel, vector size | %s, d = %s |
                | entropy weight β, fine-tuning steps | %s, %s |
                | weights as float32 | %s bytes |
                | weights as stored | %s bytes |
                | compression factor | %s× |
                %s
                ```
                %s
                ```

                A fine-tune interrupted before export resumes when the command is repeated (its run folder,
                OUT.run, holds the checkpoint).

                """, allocated ? "network compression with per-kernel grids allocated by measured sensitivity"
                        : "soft-to-hard network compression", sourceDir, oldSha, i.getProperty("compression.method"),
                allocated ? "uniform grid (at most " + i.getProperty("compression.centers") + " points)" : i.getProperty("compression.centers"),
                i.getProperty("compression.vectorDim", "1"), i.getProperty("compression.beta", "—"),
                i.getProperty("compression.steps", "0"), i.getProperty("compression.float32Bytes"),
                i.getProperty("compression.storedBytes"), i.getProperty("compression.factor"), allocationRows(i), command);
        int at = text.indexOf("## Results");
        String head = at < 0 ? text : text.substring(0, at);
        Files.writeString(dir.resolve("MANIFEST.md"), head + section + "## Results\n\nFilled in by `sth-trainer eval` (see docs/RESULTS.md).\n");
    }

    /** Table rows for allocated grids (none otherwise), ending with the blank line the table needs. */
    private static String allocationRows(java.util.Properties i) {
        if (i.getProperty("compression.allocateDb") == null) return "";
        return String.format(Locale.ROOT, "| grid steps | allocated by measured sensitivity for a %s dB loss on held-out "
                + "training images (measured %s dB before the fine-tune) |%n| fine-tune | %s%n",
                i.getProperty("compression.allocateDb"), i.getProperty("compression.calibrationLossDb"),
                (i.getProperty("compression.straightThrough") != null ? "hard from the first step, straight-through gradients"
                        : "soft-to-hard")
                        + (i.getProperty("compression.channelScales") != null
                        ? " |\n| channel scales | each step scaled per input and output channel by its estimated cost, to the power "
                        + i.getProperty("compression.channelScales") + " |" : " |"));
    }

    /** Replaces the Results section of a bundle's MANIFEST.md with what eval recorded in its info. */
    public static void writeResults(Path dir, java.util.Properties info) throws IOException {
        Path file = dir.resolve("MANIFEST.md");
        if (!Files.exists(file)) return;
        String text = Files.readString(file);
        int at = text.indexOf("## Results");
        if (at < 0) return;
        StringBuilder r = new StringBuilder("## Results\n\nMeasured by `sth-trainer eval` through real .sth files (bpp = file bytes × 8 / pixels).\n\n"
                + "| dataset | bpp | PSNR-RGB (dB) | MS-SSIM | MS-SSIM (dB) | order-0 bpp, same symbols |\n|---|---|---|---|---|---|\n");
        for (String set : List.of("kodak", "b100")) {
            if (info.getProperty(set + ".bpp") == null) continue;
            r.append(String.format("| %s | %s | %s | %s | %s | %s |%n", set, info.getProperty(set + ".bpp"),
                    info.getProperty(set + ".psnr"), info.getProperty(set + ".msssim"),
                    info.getProperty(set + ".msssimDb"), info.getProperty(set + ".order0Bpp", "")));
        }
        Files.writeString(file, text.substring(0, at) + r);
    }

    static void addToIndex(Path root, String name) throws IOException {
        Path index = root.resolve("index.txt");
        List<String> lines = Files.exists(index) ? new ArrayList<>(Files.readAllLines(index)) : new ArrayList<>();
        if (lines.isEmpty()) lines.add("# Shipped models, one name per line; each is a folder beside this file.");
        if (!lines.contains(name)) lines.add(name);
        Files.write(index, lines);
    }
}
