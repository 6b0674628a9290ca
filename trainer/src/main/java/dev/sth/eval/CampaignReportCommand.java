package dev.sth.eval;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code campaign-report}: the campaign's learning curve ({@link CampaignReport}). */
@Command(name = "campaign-report", mixinStandardHelpOptions = true,
        description = "Plots and tabulates a run's validation PSNR and coded bpp against training wall-clock hours.")
public final class CampaignReportCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "run folder (its log.csv and config.properties)")
    Path run;
    @Option(names = "--name", defaultValue = "base", description = "curve label (default: ${DEFAULT-VALUE})")
    String name;
    @Option(names = "--out", required = true, description = "folder for learning-curve.png and learning-curve.md")
    Path out;

    @Override
    public Integer call() throws Exception {
        System.out.print(CampaignReport.write(run, name, out));
        return 0;
    }
}
