package dev.sth.format;

/** Argument checks shared by the header records; they throw IllegalArgumentException with the field's name. */
final class Checks {
    private Checks() {}

    static int inRange(String what, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " " + value + " is outside " + min + ".." + max);
        }
        return (int) value;
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
