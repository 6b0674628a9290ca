package dev.sth.export;

import picocli.CommandLine.Option;

/**
 * How a command writes a bundle ({@code export}, {@code compress-model}): the training images its
 * context priors are measured on, and whether an existing bundle is replaced. A command with another
 * default number of prior images sets it with a default provider ({@link #PRIOR_IMAGES}).
 */
public final class BundleOptions {

    /** The long name of the prior-images option, for a default provider. */
    public static final String PRIOR_IMAGES = "--prior-images";

    @Option(names = PRIOR_IMAGES, defaultValue = "0",
            description = "training images to measure the context priors on, 0 = all (default: ${DEFAULT-VALUE})")
    int priorImages;
    @Option(names = "-f", description = "replace an existing bundle at the output")
    boolean force;

    public int priorImages() {
        return priorImages;
    }

    public boolean force() {
        return force;
    }
}
