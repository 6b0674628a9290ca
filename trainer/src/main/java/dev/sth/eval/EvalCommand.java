package dev.sth.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eval}: rate-distortion evaluation of a model family through real files ({@link Evaluation}). */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluates a model family on a folder of images (e.g. Kodak, B100).")
public final class EvalCommand implements Callable<Integer> {

    @Mixin
    ImageSetOptions images;
    @Option(names = "--tune", defaultValue = "psnr", description = "model family: psnr or ms-ssim (default: ${DEFAULT-VALUE})")
    String tune;
    @Option(names = "--levels", split = ",", description = "levels to evaluate (default: every level of the family)")
    List<Integer> levels;
    @Option(names = "--models", description = "bundle root (folders with synthesis.sthm + analysis.sthm and index.txt); default: the shipped models")
    Path models;
    @Option(names = "--out", required = true, description = "results JSON (CompressAI schema)")
    Path out;
    @Option(names = "--csv", description = "per-image CSV (default: OUT with .csv)")
    Path csv;
    @Option(names = "--plot", description = "PNG plot of bpp vs PSNR-RGB and MS-SSIM (dB)")
    Path plot;
    @Option(names = "--compare", description = "other curves (CompressAI JSON) to draw in the plot")
    List<Path> compare = new ArrayList<>();
    @Option(names = "--jpeg-qualities", split = ",", defaultValue = "5,10,20,30,40,50,60,70,80,90",
            description = "ImageIO JPEG qualities for the baseline curve (default: ${DEFAULT-VALUE})")
    List<Integer> jpegQualities;
    @Option(names = "--no-jpeg", description = "skip the ImageIO JPEG baseline")
    boolean noJpeg;
    @Option(names = "--effort", defaultValue = "1", description = "encoder effort 1..9 (default: ${DEFAULT-VALUE}, the single pass)")
    int effort;
    @Option(names = "--every", defaultValue = "1", description = "only every k-th image (with --offset), for paired subsets (default: ${DEFAULT-VALUE})")
    int every;
    @Option(names = "--offset", defaultValue = "0", description = "which of every --every images: 0..k-1 (default: ${DEFAULT-VALUE})")
    int offset;
    @Option(names = "--resume", description = "keep the per-image rows an interrupted run with the same settings left in the CSV,"
            + " and measure only the rest")
    boolean resume;
    @Option(names = "--record", description = "write the mean results into each model's info under this key (e.g. kodak)")
    String record;

    @Override
    public Integer call() throws Exception {
        if (every < 1 || offset < 0 || offset >= every) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--offset must be 0.." + (every - 1));
        }
        dev.sth.encoder.LatentRefinement.checkEffort(effort);
        new Evaluation(images.dataset(), tune, levels, models, out, csv, plot, compare, jpegQualities, noJpeg, images.limit(), record,
                effort, every, offset, resume).run(System.out);
        return 0;
    }
}
