package io.agentdeploy.eks;

/** English singular and plural for counted nouns in messages: "1 replica", "0 replicas", "2 replicas". */
final class Plurals {

    private Plurals() {
    }

    /** Returns the count with the noun, for example {@code 1 old replica} for {@code count(1, "old replica")}. */
    static String count(long count, String singular) {
        return count + " " + noun(count, singular);
    }

    /** Returns the noun in the form that follows the count; only regular plurals (an added "s") are made. */
    static String noun(long count, String singular) {
        return count == 1 ? singular : singular + "s";
    }
}
