package io.agentdeploy.ecr;

import java.util.regex.Pattern;

/** Rules and short forms of OCI content digests. */
final class ImageDigests {

    /** The digest form registries use for manifests: {@code sha256:} and 64 lowercase hex digits. */
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final int SHORT_HEX = 12;

    private ImageDigests() {
    }

    static boolean isSha256(String digest) {
        return digest != null && SHA256.matcher(digest).matches();
    }

    /** {@code sha256:} with the first 12 hex digits and an ellipsis, as summaries show it. */
    static String shortForm(String digest) {
        if (!isSha256(digest)) {
            return String.valueOf(digest);
        }
        return digest.substring(0, "sha256:".length() + SHORT_HEX) + "…";
    }
}
