package dev.sth.model;

import dev.sth.entropy.ContextPriors;

/**
 * What the coder charges: −log₂ of each symbol's initial frequency in each context of a model's priors,
 * in bits, [context][symbol]. The trainer's coder-matched rate term and the encoder's latent refinement
 * both optimise against these (floating point is fine here: nothing the decoder depends on uses them).
 */
public final class CodeLengths {

    private CodeLengths() {
    }

    public static double[][] of(ContextPriors priors) {
        double[][] len = new double[priors.contextCount()][];
        for (int k = 0; k < len.length; k++) {
            int[] c = priors.counts(k);
            long total = 0;
            for (int v : c) total += v;
            len[k] = new double[c.length];
            for (int j = 0; j < c.length; j++) len[k][j] = -Math.log((double) c[j] / total) / Math.log(2);
        }
        return len;
    }
}
