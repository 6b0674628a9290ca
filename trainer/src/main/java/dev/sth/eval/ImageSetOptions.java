package dev.sth.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine.Option;

/** The images a measuring command works on ({@code eval}, {@code bench-codec}). */
public final class ImageSetOptions {

    @Option(names = "--dataset", required = true, description = "folder of PNG/JPEG images")
    Path dataset;
    @Option(names = "--limit", defaultValue = "0", description = "only the first N images, 0 = all (default: ${DEFAULT-VALUE})")
    int limit;

    public Path dataset() {
        return dataset;
    }

    public int limit() {
        return limit;
    }

    /** The images, sorted by name ({@link Images#list}). */
    public List<Path> list() throws IOException {
        return Images.list(dataset, limit);
    }
}
