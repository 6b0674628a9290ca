package dev.sth.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.sth.entropy.ContextPriors;
import dev.sth.entropy.LatentCoder;
import dev.sth.entropy.SymbolTensor;
import dev.sth.format.AlphaChunk;
import dev.sth.format.CoderParams;
import dev.sth.format.SthFile;
import dev.sth.format.SthFormatException;
import dev.sth.format.SthReader;
import dev.sth.format.SthWriter;
import dev.sth.format.SymbolShape;

/**
 * Coverage-guided fuzz targets (Jazzer) for the container parser and the entropy decoder. In a plain
 * test run each replays its committed inputs (src/test/resources/dev/sth/fuzz/FormatFuzzTestInputs/,
 * the regression corpus); {@code mvn -Pfuzz} fuzzes (codec-format/fuzz.sh). The one exception
 * allowed is the format's own {@link SthFormatException}: anything else, a hang, or an allocation
 * beyond {@link dev.sth.format.Limits} is a finding.
 */
class FormatFuzzTest {

    @FuzzTest(maxDuration = "30m")
    void container(byte[] data) {
        SthFile f;
        try {
            f = SthReader.read(data);
        } catch (SthFormatException expected) {
            return;
        }
        // What parses must write back to a file that parses to the same thing.
        try {
            SthFile again = SthReader.read(SthWriter.toBytes(f));
            assertEquals(f, again);
            if (f.header().image().channels() == 4) AlphaChunk.read(f);
        } catch (SthFormatException expected) {
            // a chunk of a parsable file may still be bad (the alpha chunk's own checks)
        } catch (java.io.IOException e) {
            throw new AssertionError("re-reading a written file failed", e);
        }
    }

    @FuzzTest(maxDuration = "30m")
    void entropyDecoder(FuzzedDataProvider in) {
        int channels = in.consumeInt(1, 4);
        int height = in.consumeInt(1, 24);
        int width = in.consumeInt(1, 24);
        int alphabet = in.consumeInt(2, 16);
        int model = in.consumeBoolean() ? CoderParams.NEIGHBOURS : CoderParams.ORDER0;
        CoderParams params = CoderParams.defaults().withContextModel(model);
        byte[] code = in.consumeRemainingAsBytes();
        SymbolShape shape = new SymbolShape(channels, height, width);
        try {
            SymbolTensor s = LatentCoder.decode(code, shape, alphabet, ContextPriors.flat(model, alphabet, channels), params);
            assertEquals(shape, s.shape());
            for (int v : s.toArray()) assertTrue(v >= 0 && v < alphabet, "decoded symbol " + v + " outside the alphabet");
        } catch (SthFormatException expected) {
            // corrupt, short or over-long code streams are refused
        }
    }
}
