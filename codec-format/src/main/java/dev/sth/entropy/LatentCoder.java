package dev.sth.entropy;

import dev.sth.format.CoderParams;
import dev.sth.format.SthFile;
import dev.sth.format.SthFormatException;
import dev.sth.format.SthHeader;
import dev.sth.format.SymbolShape;

/**
 * Codes a symbol tensor to bytes and back: context model + adaptive tables + range coder.
 *
 * <pre>
 *   for each position in raster order (channel, y, x):
 *       ctx   = model.contextOf(symbols coded so far)
 *       table = tables[ctx]   (created from the priors on first use)
 *       code the symbol with table, then table.update(symbol)
 * </pre>
 * Encoder and decoder run this same loop, so they see the same tables at every step. Stateless and
 * thread-safe; each call has its own tables.
 */
public final class LatentCoder {
    private LatentCoder() {}

    /** The code stream of {@code symbols} (the payload of a {@code .sth} file). */
    public static byte[] encode(SymbolTensor symbols, ContextPriors priors, CoderParams params) {
        SymbolShape shape = symbols.shape();
        String problem = priors.incompatibility(params, symbols.alphabetSize(), shape.channels());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        RangeEncoder encoder = new RangeEncoder(shape.size() / 2);
        int[] data = symbols.data;
        try {
            traverse(symbols, priors, params, (table, i) -> {
                encoder.write(table, data[i]);
                return data[i];
            });
        } catch (SthFormatException e) {
            throw new AssertionError("encoding cannot meet a format error", e);
        }
        return encoder.finish();
    }

    /**
     * Decodes {@code shape.size()} symbols from {@code codeStream}.
     *
     * @throws SthFormatException if the stream is corrupt, too short or too long, or if the priors do
     *                            not fit the shape, alphabet or parameters (a file/model mismatch)
     */
    public static SymbolTensor decode(byte[] codeStream, SymbolShape shape, int alphabetSize,
                                      ContextPriors priors, CoderParams params) throws SthFormatException {
        String problem = priors.incompatibility(params, alphabetSize, shape.channels());
        if (problem != null) {
            throw new SthFormatException(0, "cannot decode with these priors: " + problem);
        }
        SymbolTensor symbols = new SymbolTensor(shape, alphabetSize);
        RangeDecoder decoder = new RangeDecoder(codeStream);
        int[] data = symbols.data;
        traverse(symbols, priors, params, (table, i) -> data[i] = decoder.read(table));
        decoder.finish();
        return symbols;
    }

    /** Codes one symbol with its context's table: writes {@code i}'s symbol or reads it; returns it. */
    @FunctionalInterface
    private interface SymbolStep {
        int code(AdaptiveFrequencyTable table, int i) throws SthFormatException;
    }

    /**
     * The one loop both directions run, so the encoder and the decoder see the same tables at every
     * position. {@code symbols} holds the positions coded so far (all of them when encoding).
     */
    private static void traverse(SymbolTensor symbols, ContextPriors priors, CoderParams params, SymbolStep step)
            throws SthFormatException {
        SymbolShape shape = symbols.shape();
        ContextModel model = ContextModel.create(params.contextModelId(), symbols.alphabetSize(), shape.channels());
        AdaptiveFrequencyTable[] tables = new AdaptiveFrequencyTable[model.contextCount()];
        int i = 0;
        for (int c = 0; c < shape.channels(); c++) {
            for (int y = 0; y < shape.height(); y++) {
                for (int x = 0; x < shape.width(); x++) {
                    int ctx = model.contextOf(symbols, c, y, x);
                    AdaptiveFrequencyTable table = tables[ctx];
                    if (table == null) {
                        table = tables[ctx] = priors.newTable(ctx, params);
                    }
                    table.update(step.code(table, i++));
                }
            }
        }
    }

    /** Decodes the symbols of a file, with the shape, alphabet and coder parameters of its header. */
    public static SymbolTensor decode(SthFile file, ContextPriors priors) throws SthFormatException {
        SthHeader h = file.header();
        return decode(file.payload(), h.symbolShape(), h.alphabetSize(), priors, h.coder());
    }
}
