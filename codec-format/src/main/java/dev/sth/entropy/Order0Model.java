package dev.sth.entropy;

import dev.sth.format.CoderParams;

/** Context model 0: one adaptive table for every symbol. The baseline the neighbour model is measured against. */
final class Order0Model extends ContextModel {
    Order0Model(int alphabetSize) {
        super(alphabetSize);
    }

    @Override
    public int id() {
        return CoderParams.ORDER0;
    }

    @Override
    public int contextCount() {
        return 1;
    }

    @Override
    public int contextOf(SymbolTensor t, int c, int y, int x) {
        return 0;
    }
}
