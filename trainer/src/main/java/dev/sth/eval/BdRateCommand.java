package dev.sth.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bdrate --anchor hevc.json --test a.json [--test b.json …]}: a Markdown table of BD-rate
 * (PCHIP in log rate, see {@link BdRate}) of every test curve against the anchor, on PSNR-RGB and on
 * MS-SSIM (dB) ({@link BdRateTable}). Curves are CompressAI JSON files.
 */
@Command(name = "bdrate", mixinStandardHelpOptions = true,
        description = {"Prints a Markdown table of BD-rate (piecewise cubic, PCHIP in log rate) of test curves "
                + "against an anchor curve, on PSNR-RGB and MS-SSIM (dB). Negative = fewer bits at equal quality.",
                "Curves are CompressAI JSON: {\"name\", \"results\": {\"bpp\", \"psnr-rgb\", \"ms-ssim\"}}."})
public final class BdRateCommand implements Callable<Integer> {

    @Option(names = "--anchor", required = true, description = "anchor curve (CompressAI JSON), e.g. hevc.json")
    Path anchor;
    @Option(names = "--test", required = true, description = "test curve(s) (CompressAI JSON); repeat the option")
    List<Path> tests = new ArrayList<>();
    @Mixin
    TableOutput table;

    @Override
    public Integer call() throws IOException {
        table.emit(BdRateTable.markdown(anchor, tests), System.out);
        return 0;
    }
}
