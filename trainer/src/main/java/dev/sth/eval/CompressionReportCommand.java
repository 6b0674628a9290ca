package dev.sth.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code compression-report}: network compression results ({@link CompressionReport}), a Markdown
 * table of compression factor against BD-rate loss and its plot.
 */
@Command(name = "compression-report", mixinStandardHelpOptions = true,
        description = {"Tabulates and plots weight compression factor against BD-rate loss.",
                "Each --variant is LABEL=DIR, DIR holding bundles (index.txt) and the eval JSON named by --json."})
public final class CompressionReportCommand implements Callable<Integer> {

    @Option(names = "--anchor", required = true, description = "the uncompressed family: LABEL=DIR")
    String anchor;
    @Option(names = "--variant", required = true, description = "a compressed family: LABEL=DIR; repeat")
    List<String> variants = new ArrayList<>();
    @Option(names = "--json", defaultValue = "kodak.json", description = "eval JSON inside each DIR (default: ${DEFAULT-VALUE})")
    String json;
    @Option(names = "--quality", defaultValue = "psnr", converter = QualityConverter.class,
            description = "quality for each level's rate at equal quality and the plot: psnr or ms-ssim (default: psnr)")
    BdRate.Quality quality;

    /** The families' names for their metrics: psnr, ms-ssim. */
    static final class QualityConverter implements picocli.CommandLine.ITypeConverter<BdRate.Quality> {
        @Override
        public BdRate.Quality convert(String v) {
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "psnr" -> BdRate.Quality.PSNR_RGB;
                case "ms-ssim" -> BdRate.Quality.MS_SSIM_DB;
                default -> throw new picocli.CommandLine.TypeConversionException("expected psnr or ms-ssim, got " + v);
            };
        }
    }
    @Mixin
    TableOutput table;
    @Option(names = "--plot", description = "write the PNG plot here")
    Path plot;

    @Override
    public Integer call() throws IOException {
        CompressionReport report = CompressionReport.read(anchor, variants, json, quality);
        table.emit(report.markdown(), System.out);
        if (plot != null) report.plot(plot);
        return 0;
    }
}
