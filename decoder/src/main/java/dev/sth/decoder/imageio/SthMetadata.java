package dev.sth.decoder.imageio;

import javax.imageio.ImageTypeSpecifier;

import com.twelvemonkeys.imageio.StandardImageMetadataSupport;

import dev.sth.format.SthHeader;

/**
 * Image metadata in the standard (plug-in neutral) format: chroma, data and transparency from the
 * image type, lossy "sth" compression, the format version, and the model as text entries.
 */
final class SthMetadata extends StandardImageMetadataSupport {

    SthMetadata(ImageTypeSpecifier type, SthHeader header) {
        super(builder(type)
                .withCompressionTypeName(SthProviderInfo.FORMAT_NAME)
                .withCompressionLossless(false)
                .withFormatVersion("1.0")
                .withTextEntry("sth.model", header.model().name())
                .withTextEntry("sth.model.sha256", header.model().sha256Hex())
                .withTextEntry("sth.source.bitDepth", Integer.toString(header.image().bitDepth())));
    }
}
