package dev.sth.export;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.sth.train.RunFolderOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code export}: a run's last checkpoint as a model bundle ({@link BundleExport}). */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Exports a run's last checkpoint as a model bundle (docs/MODELS.md).",
                "Measures the context-model priors on the run's training images."})
public final class ExportCommand implements Callable<Integer> {

    @Mixin
    RunFolderOption run;
    @Option(names = "--name", required = true, description = "model name, recorded in every .sth file (e.g. psnr-3)")
    String name;
    @Option(names = "--out", defaultValue = "models/bundles", description = "bundle root; the model goes to OUT/NAME (default: ${DEFAULT-VALUE})")
    Path out;
    @Option(names = "--family", defaultValue = "psnr", description = "model family: psnr or ms-ssim (default: ${DEFAULT-VALUE})")
    String family;
    @Option(names = "--level", defaultValue = "1", description = "rate level within the family, 1 = lowest rate (default: ${DEFAULT-VALUE})")
    int level;
    @Option(names = "--float32", description = "store weights in float32 (default: float16, half the size)")
    boolean float32;
    @Option(names = "--measure-priors", description = "a context-rate run: measure priors on training images instead of storing its learned rate tables")
    boolean measurePriors;
    @Mixin
    BundleOptions bundle;

    @Override
    public Integer call() throws Exception {
        BundleExport.export(run.path(), name, out, family, level, float32, bundle.priorImages(), measurePriors, bundle.force(),
                System.out);
        return 0;
    }
}
