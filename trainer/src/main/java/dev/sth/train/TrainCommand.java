package dev.sth.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.sth.model.NetworkConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import dev.sth.metrics.Distortion;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains a model into a run folder (config.properties, log.csv, checkpoint.tar).",
                "Resume an interrupted run with --resume RUN_DIR."})
public final class TrainCommand implements Callable<Integer> {

    /** Each invocation's real arguments, one line per start or resume, appended in the run folder. */
    public static final String COMMANDS_FILE = "commands.txt";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    RunFolderOption runFolder;
    @Option(names = "--resume", description = "continue the run in --run from its last checkpoint")
    boolean resume;
    @Option(names = "--from", paramLabel = "SNAPSHOT", description = "with --resume: a committed snapshot (e.g. models/campaign); "
            + "seeds --run from it unless --run already holds a checkpoint at least as far along")
    Path from;
    @Option(names = "--data", description = "folder of training images (default: ${DEFAULT-VALUE})", defaultValue = "../shared/data/train")
    Path data;
    @Option(names = "--steps", description = "total steps (with --resume: a new total)")
    Integer steps;
    @Option(names = "--init-from", description = "fine-tune: start from this run's last checkpoint, its committed snapshot (e.g. models/campaign) or a model bundle folder (same network); "
            + "use --warmup-steps 0 --anneal-steps 0 to train hard from the first step; a whole multiple of its --latent-channels "
            + "widens its latent (the copies start as the original, plus a little noise)")
    Path initFrom;

    @Mixin
    NetworkOptions network;
    @Option(names = "--rate", defaultValue = "ORDER0",
            description = "rate term: ORDER0 (soft histogram) or CONTEXT (code length under the coder's context tables) (default: ${DEFAULT-VALUE})")
    RateModel rate;
    @Option(names = "--wall-budget", description = "stop (checkpointed and validated) when the run's cumulative training wall time reaches this many seconds")
    Double wallBudget;
    @Option(names = "--cpu-budget", description = "stop (checkpointed and validated) when the training process's cumulative CPU time reaches this many seconds "
            + "(equal-compute comparisons on a machine that also does other work)")
    Double cpuBudget;

    @Option(names = "--crop", defaultValue = "96", description = "training crop size (default: ${DEFAULT-VALUE})")
    int crop;
    @Option(names = "--batch", defaultValue = "16", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--downscale", defaultValue = "0.75", description = "downscale factor applied on load (default: ${DEFAULT-VALUE})")
    double downscale;
    @Option(names = "--max-side", defaultValue = "0", description = "after --downscale, scale larger images so their long side is this many pixels, 0 = no cap (default: ${DEFAULT-VALUE})")
    int maxSide;
    @Option(names = "--validation-every", defaultValue = "26", description = "hold out every k-th image (default: ${DEFAULT-VALUE})")
    int validationEvery;
    @Option(names = "--warmup-steps", defaultValue = "1000", description = "steps without quantization before k-means (default: ${DEFAULT-VALUE})")
    int warmupSteps;
    @Option(names = "--anneal-steps", defaultValue = "4000", description = "steps to anneal soft to hard (default: ${DEFAULT-VALUE})")
    int annealSteps;
    @Option(names = "--sigma0", defaultValue = "1", description = "initial softness σ (default: ${DEFAULT-VALUE})")
    double sigma0;
    @Option(names = "--sigma1", defaultValue = "10", description = "final softness σ (default: ${DEFAULT-VALUE})")
    double sigma1;
    @Option(names = "--lr", defaultValue = "2e-4", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
    double lr;
    @Option(names = "--decay-from", defaultValue = "0.8", description = "fraction of steps after which lr ÷ 10 (default: ${DEFAULT-VALUE})")
    double decayFrom;
    @Option(names = "--distortion", defaultValue = "MSE", description = "MSE or MS_SSIM (default: ${DEFAULT-VALUE})")
    Distortion distortion;
    @Option(names = "--beta", defaultValue = "100", description = "rate weight β (default: ${DEFAULT-VALUE})")
    double beta;
    @Option(names = "--target-bpp", defaultValue = "0", description = "rate target: penalise bpp above it (0: plain β·bpp) (default: ${DEFAULT-VALUE})")
    double targetBpp;
    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--log-every", defaultValue = "50", description = "steps per CSV row (default: ${DEFAULT-VALUE})")
    int logEvery;
    @Option(names = "--validate-every", defaultValue = "500", description = "steps per validation (default: ${DEFAULT-VALUE})")
    int validateEvery;
    @Option(names = "--checkpoint-every", defaultValue = "250", description = "steps per checkpoint (default: ${DEFAULT-VALUE})")
    int checkpointEvery;
    @Option(names = "--validation-crop", defaultValue = "256", description = "validation center crop (default: ${DEFAULT-VALUE})")
    int validationCrop;

    private void recordCommand() throws java.io.IOException {
        StringBuilder line = new StringBuilder("# ").append(java.time.Instant.now()).append(" on ")
                .append(Machine.describe()).append('\n')
                .append(Provenance.commandLine(spec.commandLine().getParseResult().originalArgs()));
        Files.writeString(runFolder.path().resolve(COMMANDS_FILE), line.append('\n').toString(),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    @Override
    public Integer call() throws Exception {
        Path run = runFolder.path();
        Trainer trainer;
        if (from != null && !resume) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--from needs --resume");
        if (resume) {
            if (from != null) Snapshot.seed(from, run, System.out);
            // An explicit --data points a resumed run at the same images on this machine.
            Path newData = spec.commandLine().getParseResult().hasMatchedOption("--data") ? data : null;
            trainer = Trainer.resume(run, steps, newData, System.out);
        } else {
            if (!Files.isDirectory(data)) throw new IllegalArgumentException(data + ": training data folder not found");
            TrainConfig cfg = new TrainConfig(
                    network.config(),
                    data.toAbsolutePath().normalize(), validationEvery, downscale, crop, batch, steps == null ? 20000 : steps,
                    warmupSteps, annealSteps, sigma0, sigma1, lr, decayFrom, distortion, beta, targetBpp, seed,
                    logEvery, validateEvery, checkpointEvery, validationCrop,
                    initFrom == null ? "" : initFrom.toAbsolutePath().normalize().toString()).withRate(rate).withMaxSide(maxSide);
            trainer = Trainer.start(cfg, run, System.out);
        }
        recordCommand();
        if (wallBudget != null) trainer.setWallBudget(wallBudget);
        if (cpuBudget != null) trainer.setCpuBudget(cpuBudget);
        trainer.run();
        Trainer.Validation v = trainer.validate();
        System.out.printf("done at step %d after %.0f s: validation %.2f dB, %.4f bpp (rate term's estimate %.4f bpp)%n",
                trainer.step(), trainer.wallSeconds(), v.psnr(), v.bpp(), v.estimatedBpp());
        return 0;
    }
}
