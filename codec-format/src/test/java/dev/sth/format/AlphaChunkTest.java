package dev.sth.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

class AlphaChunkTest {

    /** An RGBA image's file: the fixture header with 4 channels, a dummy payload, and an alpha ramp. */
    private static SthFile rgba(int width, int height) {
        SthHeader h = Fixtures.header();
        SthHeader rgba = new SthHeader(new ImageInfo(width, height, 4, 8), h.model(), h.latent(), h.coder());
        return new SthFile(rgba, new byte[] {1, 2, 3}, List.of(AlphaChunk.of(alphaRamp(width, height), width, height)));
    }

    private static byte[] alphaRamp(int width, int height) {
        byte[] a = new byte[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) a[y * width + x] = (byte) (255 * (x + y) / Math.max(1, width + height - 2));
        return a;
    }

    @Test
    void roundTripsThroughTheContainer() throws Exception {
        SthFile back = SthReader.read(SthWriter.toBytes(rgba(13, 7)));
        assertArrayEquals(alphaRamp(13, 7), AlphaChunk.read(back));
        assertNull(AlphaChunk.read(Fixtures.file(new byte[] {1, 2, 3})));
    }

    @Test
    void wrongSizeOrGarbageIsRefused() throws Exception {
        SthFile rgb = rgba(13, 7);
        SthFile wrongSize = new SthFile(rgb.header(), rgb.payload(), List.of(AlphaChunk.of(new byte[12], 4, 3)));
        IOException e = assertThrows(IOException.class, () -> AlphaChunk.read(wrongSize));
        assertTrue(e.getMessage().contains("expected 91"), e.getMessage());
        SthFile garbage = new SthFile(rgb.header(), rgb.payload(), List.of(new Chunk(AlphaChunk.TYPE, new byte[] {0, 1, 2, 3})));
        assertTrue(assertThrows(IOException.class, () -> AlphaChunk.read(garbage)).getMessage().contains("corrupt"));
        SthFile method = new SthFile(rgb.header(), rgb.payload(), List.of(new Chunk(AlphaChunk.TYPE, new byte[] {7})));
        assertTrue(assertThrows(IOException.class, () -> AlphaChunk.read(method)).getMessage().contains("unknown method 7"));
    }
}
