package dev.sth.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metrics}: one rate point of an external codec ({@link CodecPoint}): PSNR-RGB, MS-SSIM and bpp
 * of its decoded images and compressed files, written as (or added to) a CompressAI JSON curve.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = {"Measures one rate point of an external codec: PSNR-RGB and MS-SSIM of decoded images "
                + "against the originals (matched by base name), bpp = compressed bytes*8/pixels.",
                "Writes (or with --append adds to) a CompressAI JSON curve; the points stay sorted by bpp."})
public final class MetricsCommand implements Callable<Integer> {

    @Option(names = "--originals", required = true, description = "folder of original images (PNG/JPEG)")
    Path originals;
    @Option(names = "--decoded", required = true, description = "folder of decoded images (PNG or BMP, 8-bit RGB), same base names")
    Path decoded;
    @Option(names = "--compressed", required = true, description = "folder of compressed files, same base names")
    Path compressed;
    @Option(names = "--compressed-ext", description = "extension of the compressed files (default: the one file with the base name)")
    String compressedExt;
    @Option(names = "--out", required = true, description = "CompressAI JSON curve to write")
    Path out;
    @Option(names = "--append", description = "add the point to OUT if it exists (else start a new curve)")
    boolean append;
    @Option(names = "--name", description = "curve name (default: the existing curve's, or OUT's base name)")
    String name;
    @Option(names = "--description", description = "curve description (default: the existing curve's)")
    String description;
    @Option(names = "--param", description = "numeric codec setting of this point, stored as results[KEY], e.g. quality=75 or qp=32")
    Map<String, Double> params = new LinkedHashMap<>();
    @Option(names = "--encoding-time", description = "mean encoding time per image in seconds, stored as encoding_time")
    Double encodingTime;
    @Option(names = "--decoding-time", description = "mean decoding time per image in seconds, stored as decoding_time")
    Double decodingTime;
    @Option(names = "--csv", description = "append per-image rows (" + CodecPoint.CSV_HEADER + ") to this CSV")
    Path csv;
    @Option(names = "--limit", defaultValue = "0", description = "only the first N originals (0 = all)")
    int limit;

    @Override
    public Integer call() throws IOException {
        new CodecPoint(new CodecPoint.Inputs(originals, decoded, compressed, compressedExt, limit),
                new CodecPoint.Setting(params, encodingTime, decodingTime),
                new CodecPoint.Target(out, append, name, description, csv)).run(System.out);
        return 0;
    }
}
