package io.agentdeploy.ecr;

import io.agentdeploy.error.InvalidInputException;
import java.util.Locale;
import java.util.Set;

/**
 * A platform of an image, {@code os/architecture[/variant]} as Docker and the OCI image index write
 * it, for example {@code linux/arm64}.
 *
 * @param os the operating system, {@code linux}
 * @param architecture the CPU architecture in Go's names, for example {@code amd64} or {@code arm64}
 * @param variant the CPU variant such as {@code v7}, or {@code null}
 */
record ImagePlatform(String os, String architecture, String variant) {

    private static final Set<String> ARCHITECTURES =
            Set.of("amd64", "arm64", "arm", "386", "ppc64le", "s390x", "riscv64", "mips64le");

    /**
     * Parses {@code os/arch[/variant]}.
     *
     * @throws InvalidInputException when the form, the operating system or the architecture is unknown
     */
    static ImagePlatform parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        String[] parts = value.split("/");
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new InvalidInputException("platforms", text, "a platform is written os/architecture[/variant],"
                    + " for example linux/arm64 or linux/amd64.", "Write it in that form.");
        }
        if (!parts[0].equals("linux")) {
            throw new InvalidInputException("platforms", text, "agents run on Linux: AgentCore and EKS pull linux"
                    + " images only.", "Use linux/<architecture>, for example linux/arm64.");
        }
        if (!ARCHITECTURES.contains(parts[1])) {
            String hint = parts[1].equals("aarch64") ? "arm64" : parts[1].equals("x86_64") ? "amd64" : null;
            throw new InvalidInputException("platforms", text, "the architecture is not one of "
                    + String.join(", ", ARCHITECTURES.stream().sorted().toList()) + ".",
                    hint == null ? "Use Docker's architecture names." : "Docker calls it " + hint + ": use linux/"
                            + hint + ".");
        }
        return new ImagePlatform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    /** The platform of an image's config, where the variant may be empty. */
    static ImagePlatform of(String os, String architecture, String variant) {
        return new ImagePlatform(os, architecture, variant == null || variant.isBlank() ? null : variant);
    }

    /** Whether an image of platform {@code actual} satisfies this requested platform; a missing variant matches any. */
    boolean matches(ImagePlatform actual) {
        return os.equals(actual.os) && architecture.equals(actual.architecture)
                && (variant == null || actual.variant == null || variant.equals(actual.variant));
    }

    /** The suffix of the per-platform tag, for example {@code linux-arm64} or {@code linux-arm-v7}. */
    String tagSuffix() {
        return toString().replace('/', '-');
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
