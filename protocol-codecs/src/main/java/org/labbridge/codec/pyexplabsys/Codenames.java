package org.labbridge.codec.pyexplabsys;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Codename rules of the pull sockets, with PyExpLabSys's construction error texts and check order. */
public final class Codenames {
    private Codenames() {
    }

    /**
     * Checks a socket's codenames in PyExpLabSys's order: for each name, duplicates first, then the bad
     * characters in {@link PyExpLabSys#BAD_CHARS} order.
     *
     * @return an immutable copy
     * @throws IllegalArgumentException with the spec's text
     */
    public static List<String> validate(List<String> codenames) {
        for (String name : codenames) {
            if (name == null) {
                throw new IllegalArgumentException("Codenames may not be null");
            }
            if (Collections.frequency(codenames, name) > 1) {
                throw new IllegalArgumentException(
                        "Codenames must be unique; '" + name + "' is present more than once");
            }
            checkCharacters(name);
        }
        return List.copyOf(codenames);
    }

    /** Throws the spec's text when {@code name} holds one of the {@link PyExpLabSys#BAD_CHARS}. */
    public static void checkCharacters(String name) {
        for (char bad : PyExpLabSys.BAD_CHARS) {
            if (name.indexOf(bad) >= 0) {
                throw new IllegalArgumentException("The character '" + bad + "' is not allowed in the codenames");
            }
        }
    }

    /**
     * One timeout per codename: a list must match the codenames in length (checked before the names, as
     * in Python); {@code null} entries mean "never stale".
     */
    public static List<Double> timeouts(List<String> codenames, List<Double> timeouts) {
        if (timeouts.size() != codenames.size()) {
            throw new IllegalArgumentException(
                    "If a list of timeouts is supplied, it must have as many items as there are in codenames");
        }
        return Collections.unmodifiableList(new ArrayList<>(timeouts));
    }

    /** The same timeout (or {@code null}: never stale) for every codename. */
    public static List<Double> timeouts(List<String> codenames, Double timeout) {
        return Collections.nCopies(codenames.size(), timeout);
    }
}
