package dev.sth.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code study-report}: the equal-compute architecture study's table and learning curves ({@link StudyReport}). */
@Command(name = "study-report", mixinStandardHelpOptions = true,
        description = "Tabulates an architecture study: size, cost, throughput and learning curve of each variant's run, "
                + "and its exported model's results against a reference family at equal bpp.")
public final class StudyReportCommand implements Callable<Integer> {

    @Option(names = "--variant", required = true, paramLabel = "LABEL=RUN,BUNDLE,EVAL_JSON[,LEGACY_CPU_S]",
            description = "a variant: its run folder, its exported bundle folder, its eval JSON (one rate point), and for a log "
                    + "without cpu_s its measured total CPU seconds")
    List<String> variants;
    @Option(names = "--reference", required = true, description = "the reference family's eval JSON (CompressAI schema)")
    Path reference;
    @Option(names = "--dataset-name", defaultValue = "Kodak", description = "dataset label for the table (default: ${DEFAULT-VALUE})")
    String datasetName;
    @Option(names = "--out", required = true, description = "folder for study.md and learning-curves.png")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<StudyReport.Variant> list = new ArrayList<>();
        for (String v : variants) list.add(parse(v));
        List<StudyReport.Row> rows = StudyReport.write(list, RdCurve.read(reference), datasetName, out);
        System.out.print(StudyReport.markdown(rows, datasetName, RdCurve.read(reference).name()));
        return 0;
    }

    static StudyReport.Variant parse(String spec) {
        int eq = spec.indexOf('=');
        String[] f = spec.substring(eq + 1).split(",");
        if (eq <= 0 || f.length < 3 || f.length > 4) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new StudyReportCommand()),
                    "--variant '" + spec + "': expected LABEL=RUN,BUNDLE,EVAL_JSON[,LEGACY_CPU_S]");
        }
        return new StudyReport.Variant(spec.substring(0, eq), Path.of(f[0]), Path.of(f[1]), Path.of(f[2]),
                f.length == 4 ? Double.parseDouble(f[3]) : 0);
    }
}
