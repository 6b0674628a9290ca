package dev.sth.model;

import java.io.OutputStream;
import java.io.PrintStream;

import org.nd4j.autodiff.samediff.SameDiff;

/** Gradient graphs for the trainer's and the encoder's optimisations. */
public final class Gradients {
    /** The name SameDiff gives a graph's gradient function. */
    static final String FUNCTION = "grad";

    private Gradients() {}

    /**
     * The calling thread's pool for {@code sd}'s gradient pass, which keeps every buffer from one pass to
     * the next: an optimisation loop that freed and reallocated its hundreds of MB on every pass fragmented
     * glibc's arenas, and the process grew by about 2 GB per training hour. Call {@link InferenceMemory#reclaim}
     * once a pass's gradients have been used and {@link InferenceMemory#close} when the loop is done.
     */
    public static InferenceMemory pooled(SameDiff sd) {
        SameDiff gradient = sd.getFunction(FUNCTION);
        if (gradient == null) throw new IllegalStateException("the graph has no gradient function: define it first");
        return InferenceMemory.attach(gradient, Long.MAX_VALUE);
    }

    /**
     * Builds {@code sd}'s gradient graph now, with stdout muted: SameDiff announces every
     * differentiated op with {@code System.out.println}, which would bury training and encoder output.
     */
    public static synchronized void define(SameDiff sd) {
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            sd.createGradFunction();
        } finally {
            System.setOut(stdout);
        }
    }
}
