package dev.sth.model;

import java.io.OutputStream;
import java.io.PrintStream;

import org.nd4j.autodiff.samediff.SameDiff;

/** Gradient graphs for the trainer's and the encoder's optimisations. */
public final class Gradients {
    private Gradients() {}

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
