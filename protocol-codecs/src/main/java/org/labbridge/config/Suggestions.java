package org.labbridge.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean": the known word closest to a misspelt one, by optimal-string-alignment distance
 * (Damerau–Levenshtein with adjacent transpositions), as git and cargo suggest commands.
 */
public final class Suggestions {

    private Suggestions() {
    }

    /**
     * The candidate {@code wanted} most likely misspells: one spelt the same but for case, {@code -} and
     * {@code _} ({@code bufferSize} → {@code buffer_size}), else the closest within a third of its length
     * (at least one edit, at most three), else one it is the start of ({@code buffer} → {@code buffer_size}).
     */
    public static Optional<String> closest(String wanted, Collection<String> candidates) {
        String w = normal(wanted);
        for (String c : candidates) {
            if (normal(c).equals(w)) {
                return Optional.of(c);
            }
        }
        int limit = Math.max(1, Math.min(3, wanted.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(wanted.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d <= limit && d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        if (best == null && w.length() >= 4) {
            best = candidates.stream().filter(c -> normal(c).startsWith(w)).findFirst().orElse(null);
        }
        return Optional.ofNullable(best);
    }

    /** {@code ", did you mean 'x'?"}, or {@code ""} when nothing is close. */
    public static String didYouMean(String wanted, Collection<String> candidates) {
        return closest(wanted, candidates).map(c -> ", did you mean '" + c + "'?").orElse("");
    }

    private static String normal(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    /** Edits (insert, delete, substitute, swap two adjacent) from {@code a} to {@code b}. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
