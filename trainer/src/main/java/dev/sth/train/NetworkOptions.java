package dev.sth.train;

import java.util.Locale;

import dev.sth.model.NetworkConfig;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The network's shape as command-line options ({@code train}, {@code bench-train}): one place for
 * their names, defaults and help. A command with other defaults sets them with a default provider.
 */
public final class NetworkOptions {

    @Option(names = "--channels", defaultValue = "64", description = "N, hidden channels (default: ${DEFAULT-VALUE})")
    int channels;
    @Option(names = "--res-blocks", defaultValue = "2", description = "R, residual blocks per side (default: ${DEFAULT-VALUE})")
    int resBlocks;
    @Option(names = "--latent-channels", defaultValue = "32", description = "C, latent channels (default: ${DEFAULT-VALUE})")
    int latentChannels;
    @Option(names = "--centers", defaultValue = "6", description = "L, quantization centers (default: ${DEFAULT-VALUE})")
    int centers;
    @Option(names = "--vector-dim", defaultValue = "1", description = "d, latent values per quantized vector (default: ${DEFAULT-VALUE})")
    int vectorDim;
    @Option(names = "--nonlinearity", defaultValue = "relu", converter = NonlinearityConverter.class,
            description = "between the transforms' stages: relu, or gdn (GDN in the analysis, inverse GDN in the synthesis) (default: ${DEFAULT-VALUE})")
    NetworkConfig.Nonlinearity nonlinearity;

    /** The network these options describe. */
    public NetworkConfig config() {
        return new NetworkConfig(channels, resBlocks, latentChannels, centers, vectorDim, nonlinearity);
    }

    /** relu / gdn, case-insensitive. */
    public static final class NonlinearityConverter implements ITypeConverter<NetworkConfig.Nonlinearity> {
        @Override
        public NetworkConfig.Nonlinearity convert(String value) {
            return NetworkConfig.Nonlinearity.valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
    }
}
