package dev.sth.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.sth.format.Chunk;
import dev.sth.format.SthFile;
import dev.sth.format.SthReader;
import dev.sth.format.SthWriter;
import dev.sth.model.ModelBundle;

class AlphaChunkTest {

    @Test
    void roundTripsThroughTheContainer() throws Exception {
        ModelBundle tiny = TestFiles.tiny();
        SthFile f = TestFiles.synthetic(tiny, 13, 7, 4, 1);
        SthFile back = SthReader.read(SthWriter.toBytes(f));
        assertArrayEquals(TestFiles.alphaRamp(13, 7), AlphaChunk.read(back));
        assertNull(AlphaChunk.read(TestFiles.synthetic(tiny, 13, 7, 3, 1)));
    }

    @Test
    void wrongSizeOrGarbageIsRefused() throws Exception {
        ModelBundle tiny = TestFiles.tiny();
        SthFile rgb = TestFiles.synthetic(tiny, 13, 7, 4, 1);
        SthFile wrongSize = new SthFile(rgb.header(), rgb.payload(), List.of(AlphaChunk.of(new byte[12], 4, 3)));
        IOException e = assertThrows(IOException.class, () -> AlphaChunk.read(wrongSize));
        assertTrue(e.getMessage().contains("expected 91"), e.getMessage());
        SthFile garbage = new SthFile(rgb.header(), rgb.payload(), List.of(new Chunk(AlphaChunk.TYPE, new byte[] {0, 1, 2, 3})));
        assertTrue(assertThrows(IOException.class, () -> AlphaChunk.read(garbage)).getMessage().contains("corrupt"));
        SthFile method = new SthFile(rgb.header(), rgb.payload(), List.of(new Chunk(AlphaChunk.TYPE, new byte[] {7})));
        assertTrue(assertThrows(IOException.class, () -> AlphaChunk.read(method)).getMessage().contains("unknown method 7"));
    }
}
