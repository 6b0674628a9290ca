package dev.sth.encoder.imageio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.imageio.IIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOWriteProgressListener;
import javax.imageio.spi.ImageWriterSpi;
import javax.imageio.stream.ImageOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.twelvemonkeys.imageio.util.ImageWriterAbstractTest;

import dev.sth.encoder.TestSupport;
import dev.sth.format.SthFile;
import dev.sth.format.SthReader;

/**
 * TwelveMonkeys' shared writer checks (ImageWriterAbstractTest) with the tiny test model (surefire
 * points {@code sth.model.dir} at testdata/models), plus write → read round trips through ImageIO.
 */
class SthImageWriterTest extends ImageWriterAbstractTest<SthImageWriter> {

    static Path levels;

    @BeforeAll
    static void levels(@TempDir Path dir) throws IOException {
        levels = TestSupport.threeLevels(dir);
    }

    @Override
    protected ImageWriterSpi createProvider() {
        return new SthImageWriterSpi();
    }

    @Override
    protected List<? extends RenderedImage> getTestData() {
        return Arrays.asList(
                new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB),
                new BufferedImage(17, 9, BufferedImage.TYPE_INT_ARGB),
                new BufferedImage(10, 10, BufferedImage.TYPE_INT_ARGB_PRE),
                new BufferedImage(10, 10, BufferedImage.TYPE_INT_BGR),
                new BufferedImage(10, 10, BufferedImage.TYPE_3BYTE_BGR),
                new BufferedImage(10, 10, BufferedImage.TYPE_4BYTE_ABGR),
                new BufferedImage(10, 10, BufferedImage.TYPE_USHORT_565_RGB),
                new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY),
                new BufferedImage(10, 10, BufferedImage.TYPE_USHORT_GRAY),
                new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_INDEXED),
                new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
    }

    // ---- our own checks ------------------------------------------------------------------------

    @Test
    void imageIoWriteThenReadGivesTheSameKindOfImage() throws IOException {
        for (RenderedImage data : getTestData()) {
            BufferedImage img = drawSomething((BufferedImage) data);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertTrue(ImageIO.write(img, "sth", out), "no writer for " + img);
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
            assertNotNull(back);
            assertEquals(img.getWidth(), back.getWidth());
            assertEquals(img.getHeight(), back.getHeight());
            int bands = img.getColorModel().hasAlpha() ? 4
                    : img.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY ? 1 : 3;
            assertEquals(bands, back.getRaster().getNumBands(), "kind of " + img);
            if (bands == 4 && !img.isAlphaPremultiplied()) {
                for (int y = 0; y < img.getHeight(); y++)
                    for (int x = 0; x < img.getWidth(); x++)
                        assertEquals(img.getRGB(x, y) >>> 24, back.getRGB(x, y) >>> 24, "alpha is lossless");
            }
        }
    }

    @Test
    void writeToAFileAndReadItBack(@TempDir Path dir) throws IOException {
        File f = dir.resolve("cat.sth").toFile();
        BufferedImage cat = TestSupport.picture(96, 64);
        assertTrue(ImageIO.write(cat, "sth", f));
        BufferedImage back = ImageIO.read(f);
        assertEquals(96, back.getWidth());
        assertTrue(TestSupport.psnr(cat, back) > 15, "PSNR " + TestSupport.psnr(cat, back));
    }

    @Test
    void anEffortAboveOneWritesAFileAnyReaderReadsAndReportsProgress() throws IOException {
        BufferedImage cat = TestSupport.picture(64, 48);
        ImageWriter writer = createWriter();
        SthImageWriteParam p = (SthImageWriteParam) writer.getDefaultWriteParam();
        p.setModelDirectory(TestSupport.tinyModels());
        p.setModelName("tiny-test");
        p.setEffort(3);
        java.util.List<Float> progress = new java.util.ArrayList<>();
        writer.addIIOWriteProgressListener(new javax.imageio.event.IIOWriteProgressListener() {
            public void imageStarted(ImageWriter source, int imageIndex) { }
            public void imageProgress(ImageWriter source, float percentageDone) { progress.add(percentageDone); }
            public void imageComplete(ImageWriter source) { }
            public void thumbnailStarted(ImageWriter source, int imageIndex, int thumbnailIndex) { }
            public void thumbnailProgress(ImageWriter source, float percentageDone) { }
            public void thumbnailComplete(ImageWriter source) { }
            public void writeAborted(ImageWriter source) { }
        });
        dev.sth.format.SthFile f = write(writer, cat, p);
        assertEquals("tiny-test", f.header().model().name());
        assertTrue(progress.stream().anyMatch(v -> v > 20f && v < 90f), "no progress while refining: " + progress);
        assertThrows(IllegalArgumentException.class, () -> p.setEffort(10));
        assertEquals(3, p.getEffort());
        // Models with no trade-off to refine for (no results, no β) are written at effort 1, with a warning.
        SthImageWriteParam untrained = (SthImageWriteParam) writer.getDefaultWriteParam();
        untrained.setModelDirectory(levels);
        untrained.setEffort(5);
        java.util.List<String> warnings = new java.util.ArrayList<>();
        writer.addIIOWriteWarningListener((source, index, message) -> warnings.add(message));
        assertEquals("t-psnr-2", write(writer, cat, untrained).header().model().name());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("effort 1")), warnings.toString());
        writer.dispose();
    }

    @Test
    void compressionQualityMapsOntoTheLevels() throws IOException {
        BufferedImage cat = TestSupport.picture(64, 48);
        ImageWriter writer = createWriter();
        String[] names = new String[5];
        float[] qualities = {0f, 0.3f, 0.5f, 0.8f, 1f};
        for (int i = 0; i < qualities.length; i++) {
            SthImageWriteParam p = (SthImageWriteParam) writer.getDefaultWriteParam();
            p.setModelDirectory(levels);
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(qualities[i]);
            assertFalse(p.isCompressionLossless());
            names[i] = write(writer, cat, p).header().model().name();
        }
        assertEquals(List.of("t-psnr-1", "t-psnr-2", "t-psnr-2", "t-psnr-3", "t-psnr-3"), Arrays.asList(names));

        SthImageWriteParam def = (SthImageWriteParam) writer.getDefaultWriteParam();
        def.setModelDirectory(levels);
        assertEquals("t-psnr-2", write(writer, cat, def).header().model().name(), "default: the middle level");

        SthImageWriteParam named = (SthImageWriteParam) writer.getDefaultWriteParam();
        named.setModelDirectory(levels);
        named.setModelName("t-psnr-3");
        assertEquals("t-psnr-3", write(writer, cat, named).header().model().name());

        SthImageWriteParam family = (SthImageWriteParam) writer.getDefaultWriteParam();
        family.setModelDirectory(levels);
        family.setFamily("ms-ssim");
        IIOException e = assertThrows(IIOException.class, () -> write(writer, cat, family));
        assertTrue(e.getMessage().contains("no models of family 'ms-ssim'"), e.getMessage());
        writer.dispose();
    }

    @Test
    void sourceRegionAndSubsamplingAreApplied() throws IOException {
        BufferedImage cat = TestSupport.picture(64, 48);
        ImageWriter writer = createWriter();
        ImageWriteParam p = writer.getDefaultWriteParam();
        p.setSourceRegion(new Rectangle(5, 6, 30, 20));
        p.setSourceSubsampling(2, 3, 0, 0);
        SthFile f = write(writer, cat, p);
        assertEquals(15, f.header().image().width());
        assertEquals(7, f.header().image().height());
        writer.dispose();
    }

    @Test
    void abortWritesNothing() throws IOException {
        ImageWriter writer = createWriter();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        writer.setOutput(ImageIO.createImageOutputStream(buffer));
        IIOWriteProgressListener listener = mock(IIOWriteProgressListener.class);
        doAnswer(inv -> {
            writer.abort();
            return null;
        }).when(listener).imageStarted(writer, 0);
        writer.addIIOWriteProgressListener(listener);
        writer.write(TestSupport.picture(16, 16));
        verify(listener).writeAborted(writer);
        assertEquals(0, buffer.size());
        writer.dispose();
    }

    @Test
    void sixteenBitInputWarns() throws IOException {
        ImageWriter writer = createWriter();
        writer.setOutput(ImageIO.createImageOutputStream(new ByteArrayOutputStream()));
        javax.imageio.event.IIOWriteWarningListener warnings = mock(javax.imageio.event.IIOWriteWarningListener.class);
        writer.addIIOWriteWarningListener(warnings);
        writer.write(new BufferedImage(8, 8, BufferedImage.TYPE_USHORT_GRAY));
        verify(warnings).warningOccurred(org.mockito.ArgumentMatchers.eq(writer), org.mockito.ArgumentMatchers.eq(0),
                org.mockito.ArgumentMatchers.contains("16-bit samples rounded"));
        writer.dispose();
    }

    private static SthFile write(ImageWriter writer, BufferedImage img, ImageWriteParam p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(img, null, null), p);
        }
        return SthReader.read(out.toByteArray());
    }

    static {
        // ImageIO.write(..., File) deletes and rewrites: make sure nothing else is needed in the folder.
        assertTrue(Files.isDirectory(TestSupport.tinyModels()));
    }
}
