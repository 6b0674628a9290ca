package dev.sth.model;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam (Kingma and Ba, 2015), applied in place to the graph's parameter arrays. Its moments are
 * plain named arrays so that a checkpoint can store and restore them exactly.
 */
public final class Adam {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private final Map<String, INDArray> m = new LinkedHashMap<>();
    private final Map<String, INDArray> v = new LinkedHashMap<>();
    private long t;

    public void apply(Map<String, INDArray> params, Map<String, INDArray> grads, double lr) {
        t++;
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        double stepSize = lr * Math.sqrt(c2) / c1;
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            INDArray g = grads.get(e.getKey());
            if (g == null) continue;
            INDArray mi = m.computeIfAbsent(e.getKey(), k -> g.ulike().assign(0));
            INDArray vi = v.computeIfAbsent(e.getKey(), k -> g.ulike().assign(0));
            // The temporaries are closed at once: left to the garbage collector, their native memory piles up.
            try (INDArray gs = g.mul(1 - BETA1)) {
                mi.muli(BETA1).addi(gs);
            }
            try (INDArray g2 = g.mul(g)) {
                vi.muli(BETA2).addi(g2.muli(1 - BETA2));
            }
            try (INDArray denom = Transforms.sqrt(vi, true).addi(EPS); INDArray step = mi.div(denom)) {
                e.getValue().subi(step.muli(stepSize));
            }
        }
    }

    public long steps() {
        return t;
    }

    /** State for a checkpoint: {@code m.<name>}, {@code v.<name>}. */
    public Map<String, INDArray> state() {
        Map<String, INDArray> s = new LinkedHashMap<>();
        m.forEach((k, a) -> s.put("m." + k, a));
        v.forEach((k, a) -> s.put("v." + k, a));
        return s;
    }

    public void restore(Map<String, INDArray> state, long steps) {
        m.clear();
        v.clear();
        state.forEach((k, a) -> {
            if (k.startsWith("m.")) m.put(k.substring(2), a);
            else if (k.startsWith("v.")) v.put(k.substring(2), a);
        });
        t = steps;
    }
}
