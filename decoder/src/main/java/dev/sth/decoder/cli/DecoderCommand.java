package dev.sth.decoder.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.sth.cli.Cli.UsageException;
import dev.sth.cli.Cli;
import dev.sth.cli.CommonOptions;
import dev.sth.cli.SafeOutput;
import dev.sth.decoder.SthDecoder;
import dev.sth.format.SthFile;
import dev.sth.format.SthReader;
import dev.sth.model.CodecPool;
import dev.sth.model.ModelBundle;
import dev.sth.model.ModelSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sth-decoder}: .sth files to images. Each input is decoded on its own; a failure is
 * reported on one line and the batch goes on.
 */
@Command(name = "sth-decoder", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Decodes .sth images. The output format follows the output's extension: "
                + "png (default), bmp, tif/tiff, jpg/jpeg, gif, ppm/pgm/pam.",
                "Without -o or -d each output goes next to its input (x.sth -> x.png)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file was decoded",
                "1:at least one file failed (one line on stderr each: tool, file, reason); the others were still done",
                "2:bad usage (unknown option, -o with several inputs, unknown output format); nothing was done"},
        footer = {"%nExamples:",
                "  sth-decoder photo.sth                 writes photo.png",
                "  sth-decoder -o photo.tiff photo.sth",
                "  sth-decoder -d out/ --format bmp *.sth",
                "  sth-decoder --info photo.sth"})
public final class DecoderCommand implements Callable<Integer> {

    static final String TOOL = "sth-decoder";

    @Parameters(paramLabel = "INPUT.sth", arity = "1..*", description = "files to decode")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "output file (one input only)")
    Path output;

    @Mixin
    CommonOptions common;

    @Option(names = "--format", paramLabel = "EXT",
            description = "format of outputs named after their inputs (with -d or no -o): png (default), bmp, tiff, jpg, ...")
    String format;

    @Option(names = "--info", description = "print each file's header (size, model, latent, coder) instead of decoding")
    boolean info;

    @Spec
    CommandSpec spec;

    private ModelSource models;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        checkUsage();
        models = common.models();
        if (info) return info(out, err, models);

        String defaultExt = format == null ? "png" : format.toLowerCase(Locale.ROOT).replaceFirst("^\\.", "");
        if (!ImageFiles.canWrite(defaultExt)) {
            throw new UsageException("cannot write '" + defaultExt + "' images; known: " + Cli.list(List.copyOf(ImageFiles.writableExtensions())));
        }
        return common.forEachInput(TOOL, inputs, output, defaultExt, err, (in, target) -> decodeOne(in, target, err));
    }

    private void checkUsage() {
        common.checkUsage(output);
        if (output != null && inputs.size() > 1) throw new UsageException("-o takes one input; use -d OUTDIR for several");
        if (output != null && !info) {
            String ext = Cli.extension(output);
            if (ext.isEmpty()) {
                throw new UsageException("cannot tell the output format of '" + output + "': give it an extension (.png, .bmp, .tiff, ...)");
            }
            if (!ImageFiles.canWrite(ext)) {
                throw new UsageException("cannot write '." + ext + "' images; known: " + Cli.list(List.copyOf(ImageFiles.writableExtensions())));
            }
        }
    }

    private void decodeOne(Path in, Path target, PrintWriter err) throws IOException {
        long t0 = System.nanoTime();
        SthFile file = SthReader.read(Files.readAllBytes(in));
        ModelBundle model = models.forFile(file.header().model());
        long t1 = System.nanoTime();
        BufferedImage img;
        try (CodecPool.Lease<SthDecoder> decoder = SthDecoder.lease(model)) {
            img = decoder.get().decodeImage(file);
        }
        long t2 = System.nanoTime();
        String ext = Cli.extension(target);
        if (file.header().image().channels() == 4 && !img.getColorModel().hasAlpha() && !common.quiet) {
            err.println(TOOL + ": warning: " + in + ": the file says RGBA but has no alpha chunk; decoded opaque");
        }
        if (img.getColorModel().hasAlpha() && !ImageFiles.keepsAlpha(ext) && !common.quiet) {
            err.println(TOOL + ": warning: " + in + ": ." + ext + " has no alpha channel; alpha dropped (use .png)");
        }
        BufferedImage toWrite = ImageFiles.forFormat(img, ext);
        SafeOutput.write(target, common.force, os -> ImageFiles.write(toWrite, ext, os));
        long t3 = System.nanoTime();
        if (common.verbose) {
            err.printf(Locale.ROOT, "%s -> %s: %dx%d %s, model %s; read %.0f ms, decode %.0f ms, write %.0f ms%n", in, target,
                    img.getWidth(), img.getHeight(), kind(img), model.name(), ms(t1 - t0), ms(t2 - t1), ms(t3 - t2));
        } else if (!common.quiet) {
            err.printf(Locale.ROOT, "%s -> %s (%dx%d %s)%n", in, target, img.getWidth(), img.getHeight(), kind(img));
        }
        err.flush();
    }


    private int info(PrintWriter out, PrintWriter err, ModelSource models) {
        int failed = 0;
        for (Path in : inputs) {
            try {
                byte[] bytes = Files.readAllBytes(in);
                HeaderInfo.print(out, in, bytes, SthReader.read(bytes), models);
            } catch (Exception e) {
                Cli.fail(err, TOOL, in, e);
                failed++;
            }
        }
        return failed == 0 ? Cli.OK : Cli.FILE_FAILED;
    }

    private static String kind(BufferedImage img) {
        return img.getType() == BufferedImage.TYPE_BYTE_GRAY ? "gray" : img.getColorModel().hasAlpha() ? "RGBA" : "RGB";
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
