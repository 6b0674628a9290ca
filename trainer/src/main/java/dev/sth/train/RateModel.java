package dev.sth.train;

/** What the training loss counts as the rate. */
public enum RateModel {
    /**
     * The paper's soft-histogram estimate: cross-entropy of the hard symbol histogram against the
     * batch's mean soft assignment. Order 0: blind to the neighbours the context coder conditions on.
     */
    ORDER0,
    /**
     * The coder's own rate: each symbol's code length under a table per coder context (the context
     * the range coder will give that position, from its causal neighbours' hard symbols), learned
     * from the training symbols as the run goes ({@link ContextRate}); those tables become the
     * model's priors at export.
     */
    CONTEXT
}
