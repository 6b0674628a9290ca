package dev.sth.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

import dev.sth.decoder.SthDecoder;
import dev.sth.entropy.SymbolTensor;
import dev.sth.format.SthFile;
import dev.sth.model.ModelBundle;
import dev.sth.model.Tiling;

/** Tiles are invisible: a small tile gives the same symbols and (up to float noise) the same pixels. */
class TilingTest {

    @Test
    void tiledEqualsUntiled() throws Exception {
        ModelBundle tiny = TestSupport.tiny();
        BufferedImage img = TestSupport.picture(83, 61); // 11 x 8 latents: several 2-latent tiles, ragged edges
        ImageConversion.Converted c = ImageConversion.convert(img);

        SthEncoder whole = new SthEncoder(tiny);
        SthEncoder tiled = new SthEncoder(tiny, new Tiling(2));
        SymbolTensor a = whole.symbols(c.rgb());
        SymbolTensor b = tiled.symbols(c.rgb());
        assertEquals(a, b, "symbols from 2-latent tiles differ from the untiled ones");

        SthFile f = whole.encode(c);
        BufferedImage x = new SthDecoder(tiny).decode(f);
        BufferedImage y = new SthDecoder(tiny, new Tiling(3)).decode(f);
        int max = 0;
        for (int j = 0; j < x.getHeight(); j++)
            for (int i = 0; i < x.getWidth(); i++)
                for (int s = 0; s < 24; s += 8)
                    max = Math.max(max, Math.abs((x.getRGB(i, j) >> s & 0xFF) - (y.getRGB(i, j) >> s & 0xFF)));
        assertTrue(max <= 1, "tiled synthesis differs by " + max + " (float noise allows 1)");
    }

    @Test
    void aRegionSynthesisesOnlyTheTilesItOverlapsAndMatchesTheWholeImage() throws Exception {
        ModelBundle tiny = TestSupport.tiny();
        BufferedImage img = TestSupport.picture(83, 61); // 11 x 8 latents: 4 x 3 tiles of 3 latents (24 px)
        SthFile f = new SthEncoder(tiny).encode(ImageConversion.convert(img));
        Tiling wholeTiling = new Tiling(3);
        BufferedImage whole = new SthDecoder(tiny, wholeTiling).decode(f);
        assertEquals(12, wholeTiling.synthesisedTiles());

        Tiling regionTiling = new Tiling(3);
        Rectangle r = new Rectangle(30, 20, 25, 17); // x 30..54 (tiles 1, 2), y 20..36 (tiles 0, 1)
        BufferedImage part = new SthDecoder(tiny, regionTiling).decodeImage(f, r);
        assertEquals(4, regionTiling.synthesisedTiles());
        assertEquals(r.width, part.getWidth());
        assertEquals(r.height, part.getHeight());
        for (int y = 0; y < r.height; y++)
            for (int x = 0; x < r.width; x++)
                assertEquals(whole.getRGB(r.x + x, r.y + y), part.getRGB(x, y), "(" + x + "," + y + ")");
    }
}
