package dev.sth.encoder.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import dev.sth.cli.Cli.UsageException;
import dev.sth.cli.Cli;
import dev.sth.cli.CommonOptions;
import dev.sth.cli.SafeOutput;
import dev.sth.encoder.ImageConversion;
import dev.sth.encoder.LatentRefinement;
import dev.sth.encoder.RateControl;
import dev.sth.encoder.SthEncoder;
import dev.sth.format.SthWriter;
import dev.sth.model.CodecPool;
import dev.sth.model.ModelCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sth-encoder}: images to .sth. Each input is encoded on its own; a failure is reported on one
 * line and the batch goes on.
 */
@Command(name = "sth-encoder", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Encodes PNG, JPEG, BMP, TIFF, PNM and GIF images to .sth with a learned model.",
                "Gray images stay gray, alpha is carried losslessly, 16-bit samples are rounded to 8 bits.",
                "Without -o or -d each output goes next to its input (x.png -> x.sth)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file was encoded (also when --size/--bpp could not be met: "
                + "the lowest level is used and a warning says so)",
                "1:at least one file failed (one line on stderr each: tool, file, reason); the others were still done",
                "2:bad usage (unknown option or level, -o with several inputs, no models); nothing was done"},
        footer = {"%nExamples:",
                "  sth-encoder photo.png                 writes photo.sth at the default level",
                "  sth-encoder -q 5 -o small.sth photo.jpg",
                "  sth-encoder --size 20000 photo.png    the best level that fits 20000 bytes",
                "  sth-encoder -e 9 photo.png            smaller file for the same quality, slower",
                "  sth-encoder -d out/ *.png",
                "  sth-encoder --list"})
public final class EncoderCommand implements Callable<Integer> {

    static final String TOOL = "sth-encoder";

    @Parameters(paramLabel = "INPUT", arity = "0..*", description = "images to encode")
    List<Path> inputs = List.of();

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.sth", description = "output file (one input only)")
    Path output;

    @Mixin
    CommonOptions common;

    @Option(names = {"-q", "--quality"}, paramLabel = "LEVEL",
            description = "rate level of the family: 1 = smallest files; higher = more bits, better quality. "
                    + "Default: the middle level (the upper one for an even count). See --list")
    Integer level;

    @Option(names = "--tune", paramLabel = "FAMILY",
            description = "model family: psnr (default) or ms-ssim, as shipped; see --list")
    String tune;

    @Option(names = "--bpp", paramLabel = "B",
            description = "the highest level whose file has at most B bits per pixel (whole file)")
    Double bpp;

    @Option(names = "--size", paramLabel = "BYTES", description = "the highest level whose file has at most BYTES bytes")
    Long size;

    @Option(names = {"-e", "--effort"}, paramLabel = "1..9", defaultValue = "1",
            description = "encoder effort: 1 (default) is one pass; 2..9 refine this image's latent for the model's own "
                    + "rate-distortion objective, with more iterations and smaller files the higher (never a file worse "
                    + "on that objective than effort 1); the decoder is unchanged")
    int effort;

    @Option(names = "--list", description = "list the rate levels: level, average bpp and PSNR on Kodak, model")
    boolean list;

    @Option(names = "--model", paramLabel = "NAME", hidden = true, description = "use this model, whatever its family and level")
    String modelName;

    @Spec
    CommandSpec spec;

    private ModelCatalog catalog;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        checkUsage();
        catalog = ModelCatalog.of(common.models());
        if (list) {
            printList(out);
            return Cli.OK;
        }
        List<ModelCatalog.Entry> candidates = candidates();
        return common.forEachInput(TOOL, inputs, output, "sth", err, (in, target) -> encodeOne(in, target, candidates, err));
    }

    private void checkUsage() {
        common.checkUsage(output);
        int rate = (level != null ? 1 : 0) + (bpp != null ? 1 : 0) + (size != null ? 1 : 0);
        if (rate > 1) throw new UsageException("choose one of -q, --bpp and --size");
        if (effort < LatentRefinement.MIN_EFFORT || effort > LatentRefinement.MAX_EFFORT) {
            throw new UsageException("--effort must be " + LatentRefinement.MIN_EFFORT + ".." + LatentRefinement.MAX_EFFORT
                    + ", got " + effort);
        }
        if (modelName != null && (rate > 0 || tune != null)) {
            throw new UsageException("--model names one model; it cannot be combined with -q, --tune, --bpp or --size");
        }
        if (bpp != null && !(bpp > 0)) throw new UsageException("--bpp must be positive");
        if (size != null && size <= 0) throw new UsageException("--size must be positive");
        if (list) return;
        if (inputs.isEmpty()) throw new UsageException("no input files");
        if (output != null && inputs.size() > 1) throw new UsageException("-o takes one input; use -d OUTDIR for several");
    }

    /** The models an encode may use, lowest level first: one for -q, --model or the default, all for --size/--bpp. */
    private List<ModelCatalog.Entry> candidates() {
        if (catalog.isEmpty()) {
            throw new UsageException("no models to encode with: there are none among " + catalog.source().describe());
        }
        if (modelName != null) {
            return List.of(catalog.byName(modelName).orElseThrow(() -> new UsageException("no model named '" + modelName
                    + "'; models: " + Cli.list(catalog.entries().stream().map(ModelCatalog.Entry::name).toList()))));
        }
        String family = tune != null ? tune : catalog.defaultFamily().orElseThrow();
        List<ModelCatalog.Entry> levels = catalog.levels(family);
        if (levels.isEmpty()) {
            throw new UsageException("no models for --tune " + family + "; families: " + Cli.list(catalog.families()));
        }
        if (bpp != null || size != null) return levels;
        if (level != null) {
            return List.of(catalog.level(family, level).orElseThrow(() -> new UsageException("no level " + level
                    + " in family " + family + "; levels: " + Cli.list(levels.stream().map(ModelCatalog.Entry::level).toList()))));
        }
        return List.of(catalog.defaultLevel(family).orElseThrow());
    }

    private void encodeOne(Path in, Path target, List<ModelCatalog.Entry> candidates, PrintWriter err) throws IOException {
        long t0 = System.nanoTime();
        BufferedImage img = readImage(in);
        ImageConversion.Converted c = ImageConversion.convert(img);
        img = null; // the converted copy is all we need from here on
        if (!common.quiet) {
            for (String w : c.warnings()) err.println(TOOL + ": warning: " + in + ": " + w);
        }
        long t1 = System.nanoTime();

        Map<Integer, byte[]> encoded = new HashMap<>();
        RateControl.Sizer sizer = i -> encoded.computeIfAbsent(i, k -> encode(candidates.get(k), c, in, err)).length;
        int chosen;
        boolean fits = true;
        long budget = -1;
        if (size != null || bpp != null) {
            budget = size != null ? size : RateControl.budgetForBpp(bpp, c.info().pixels());
            RateControl.Choice choice = RateControl.largestFitting(candidates.size(), budget, sizer);
            chosen = choice.index();
            fits = choice.fits();
        } else {
            chosen = 0;
        }
        sizer.size(chosen);
        byte[] bytes = encoded.get(chosen);
        long t2 = System.nanoTime();
        SafeOutput.write(target, common.force, os -> os.write(bytes));
        long t3 = System.nanoTime();

        ModelCatalog.Entry e = candidates.get(chosen);
        if (!fits && !common.quiet) {
            err.println(TOOL + ": warning: " + in + ": even the lowest level takes " + bytes.length + " bytes, more than the "
                    + budget + " asked for; wrote it anyway");
        }
        double fileBpp = 8.0 * bytes.length / c.info().pixels();
        if (common.verbose) {
            err.printf(Locale.ROOT, "%s -> %s: %dx%d %s, %s level %d (model %s), %d bytes, %.4f bpp; "
                            + "read %.0f ms, encode %.0f ms (%d tried), write %.0f ms%n",
                    in, target, c.info().width(), c.info().height(), kind(c), e.family(), e.level(), e.name(), bytes.length,
                    fileBpp, ms(t1 - t0), ms(t2 - t1), encoded.size(), ms(t3 - t2));
        } else if (!common.quiet) {
            err.printf(Locale.ROOT, "%s -> %s: %s level %d, %d bytes, %.4f bpp%n", in, target, e.family(), e.level(),
                    bytes.length, fileBpp);
        }
        err.flush();
    }

    private byte[] encode(ModelCatalog.Entry entry, ImageConversion.Converted c, Path in, PrintWriter err) {
        try (CodecPool.Lease<SthEncoder> lease = SthEncoder.lease(catalog.source().load(entry.name(), true))) {
            SthEncoder enc = lease.get();
            java.util.OptionalDouble lambda = LatentRefinement.lambda(catalog, enc.model());
            if (effort > LatentRefinement.MIN_EFFORT && lambda.isEmpty() && !common.quiet) {
                err.println(TOOL + ": warning: " + in + ": " + LatentRefinement.noLambda(enc.model()));
            }
            if (effort == LatentRefinement.MIN_EFFORT || lambda.isEmpty()) return SthWriter.toBytes(enc.encode(c));
            long steps = enc.refinementSteps(c.info().width(), c.info().height(), effort);
            java.util.function.IntConsumer progress = common.quiet ? i -> { } : i -> {
                if (i % 4 == 0 || i == steps) {
                    err.printf(Locale.ROOT, "\r%s: %s: effort %d, level %d: refining %d/%d", TOOL, in, effort, entry.level(), i, steps);
                    if (i == steps) err.println();
                    err.flush();
                }
            };
            return SthWriter.toBytes(enc.encode(c, effort, lambda.getAsDouble(), progress));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The first image of a file, through whichever ImageIO reader recognises its content. */
    static BufferedImage readImage(Path in) throws IOException {
        if (!Files.exists(in)) throw new NoSuchFileException(in.toString());
        if (Files.isDirectory(in)) throw new IOException("is a folder, not an image");
        try (ImageInputStream iis = ImageIO.createImageInputStream(in.toFile())) {
            if (iis == null) throw new IOException("cannot open for reading");
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw new IOException("not an image this encoder reads (PNG, JPEG, BMP, TIFF, PNM, GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                return reader.read(0);
            } catch (RuntimeException e) {
                throw new IOException("cannot read this " + reader.getFormatName() + " image: " + Cli.reason(e), e);
            } finally {
                reader.dispose();
            }
        }
    }

    private void printList(PrintWriter out) {
        if (catalog.isEmpty()) {
            out.println("# no models among " + catalog.source().describe());
            out.flush();
            return;
        }
        out.printf(Locale.ROOT, "# %-8s %5s %10s %12s  %s%n", "family", "level", "kodak bpp", "kodak PSNR", "model");
        for (ModelCatalog.Entry e : catalog.entries()) {
            if (tune != null && !e.family().equals(tune)) continue;
            out.printf(Locale.ROOT, "  %-8s %5d %10s %12s  %s%n", e.family(), e.level(), e.kodakBpp().orElse("n/a"),
                    e.kodakPsnr().map(v -> v + " dB").orElse("n/a"), e.name());
        }
        out.flush();
    }

    private static String kind(ImageConversion.Converted c) {
        return switch (c.info().channels()) {
            case 1 -> "gray";
            case 4 -> "RGBA";
            default -> "RGB";
        } + (c.info().bitDepth() > 8 ? " (16-bit source)" : "");
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
