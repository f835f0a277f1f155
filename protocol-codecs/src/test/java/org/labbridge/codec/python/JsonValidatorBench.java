package org.labbridge.codec.python;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * In-process microbenchmark of {@link JsonValidator} (a program, not a test): the new validator (fast path,
 * exact check on failure) against the exact check alone ({@link ExactJsonCheck}, which was the whole
 * validator before, re-used as its {@code Checker} re-used it), in the same JVM, many short rounds
 * interleaved, best and median of the rounds reported, in the thread's CPU time. Two inputs: the bridge bench's 100-byte message
 * ({@code TCP_MSG_JSON} in the loopback-bench tools) and a corpus of lab-like messages (nested objects,
 * arrays of numbers, strings with escapes and non-ASCII text, up to ~1 kB). Run after test-compile:
 *
 * <pre>java -cp protocol-codecs/target/classes:protocol-codecs/target/test-classes \
 *     org.labbridge.codec.python.JsonValidatorBench [rounds] [ms per round] [only: base|new|"new  bench"...]</pre>
 */
public final class JsonValidatorBench {

    static final String BENCH_MESSAGE = "{\"type\": \"sample\", \"source\": \"a_power\", \"t\": 1414150015.697648, "
            + "\"value\": 47.0, \"seq\": 1234567890123}";

    /** The time is this thread's CPU time: other processes on a shared machine take the wall clock's. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final JsonValidator.Checker CHECKER = new JsonValidator(JsonLimits.DEFAULT).checker();
    private static final ExactJsonCheck EXACT =
            new ExactJsonCheck(JsonLimits.DEFAULT.maxNesting(), JsonLimits.DEFAULT.maxNumberChars());

    private JsonValidatorBench() {
    }

    /** Messages as lab equipment and datalogd send them, deterministic, 60 bytes to ~1.2 kB. */
    static List<byte[]> labCorpus() {
        Random r = new Random(42);
        List<String> docs = new ArrayList<>();
        docs.add(BENCH_MESSAGE);
        for (int n = 0; n < 40; n++) {
            StringBuilder s = new StringBuilder();
            switch (n % 5) {
                case 0 -> { // a batch of named values, datalogd style
                    s.append("{\"type\": \"batch\", \"host\": \"rasppi").append(r.nextInt(100))
                            .append("\", \"t\": ").append(1.7e9 + r.nextDouble()).append(", \"values\": {");
                    for (int k = 0; k < 4 + r.nextInt(12); k++) {
                        s.append(k == 0 ? "" : ", ").append("\"chamber_pressure_").append(k).append("\": ")
                                .append(r.nextGaussian() * 1e-7);
                    }
                    s.append("}}");
                }
                case 1 -> { // a spectrum: an array of numbers
                    s.append("{\"type\": \"spectrum\", \"source\": \"qms\", \"t\": ").append(1.7e9 + r.nextDouble())
                            .append(", \"mass\": [");
                    for (int k = 0; k < 20 + r.nextInt(80); k++) {
                        s.append(k == 0 ? "" : ", ").append(Math.round(r.nextDouble() * 1e6) / 1e4);
                    }
                    s.append("], \"ok\": true}");
                }
                case 2 -> // text with escapes and non-ASCII
                    s.append("{\"type\": \"comment\", \"user\": \"Jörg Ångström\", \"text\": \"T = 21.5 °C, ")
                            .append("µ-metal shield \\\"closed\\\"\\nline 2\\t\\u00e9 \\ud83d\\ude00 ")
                            .append("набор данных ").append(r.nextInt(1000)).append("\", \"unit\": \"°C\"}");
                case 3 -> { // nested records
                    s.append("{\"type\": \"status\", \"device\": {\"id\": ").append(r.nextInt(1000))
                            .append(", \"name\": \"turbo pump ").append(n).append("\", \"state\": {\"running\": ")
                            .append(r.nextBoolean()).append(", \"speed_hz\": ").append(r.nextInt(1500))
                            .append(", \"errors\": [], \"last\": null}}, \"readings\": [");
                    for (int k = 0; k < 3 + r.nextInt(6); k++) {
                        s.append(k == 0 ? "" : ", ").append("{\"ch\": ").append(k).append(", \"v\": ")
                                .append(r.nextDouble()).append(", \"unit\": \"V\"}");
                    }
                    s.append("]}");
                }
                default -> // the bench message with other values
                    s.append("{\"type\": \"sample\", \"source\": \"").append(n % 2 == 0 ? "a_power" : "b_temp")
                            .append("\", \"t\": ").append(1.7e9 + r.nextDouble()).append(", \"value\": ")
                            .append(r.nextInt(100000) / 100.0).append(", \"seq\": ").append(r.nextLong() >>> 20)
                            .append("}");
            }
            docs.add(s.toString());
        }
        List<byte[]> out = new ArrayList<>();
        for (String d : docs) {
            out.add(d.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static final int REPS = 100;
    private static volatile int sink;

    /**
     * ns per message of one timed round of at least {@code millis}; one copy of the loop per variant (a
     * loop shared by both would be compiled for the first and give the second a polluted profile).
     */
    private static double round(int variant, List<byte[]> docs, long millis) throws InvalidJsonException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long messages = 0;
        long cpu = THREADS.getCurrentThreadCpuTime();
        do {
            sink += variant == 0 ? repeatBase(docs) : repeatNew(docs);
            messages += (long) REPS * docs.size();
        } while (System.nanoTime() < deadline);
        return (double) (THREADS.getCurrentThreadCpuTime() - cpu) / messages;
    }

    private static int repeatBase(List<byte[]> docs) throws InvalidJsonException {
        int acc = 0;
        for (int rep = 0; rep < REPS; rep++) {
            for (byte[] d : docs) {
                acc += EXACT.check(d, 0, d.length) ? 1 : 0;
            }
        }
        return acc;
    }

    private static int repeatNew(List<byte[]> docs) throws InvalidJsonException {
        int acc = 0;
        for (int rep = 0; rep < REPS; rep++) {
            for (byte[] d : docs) {
                acc += CHECKER.validate(d, 0, d.length) ? 1 : 0;
            }
        }
        return acc;
    }

    private static String ratios(double[] base, double[] now) {
        double[] r = new double[base.length];
        for (int k = 0; k < r.length; k++) {
            r[k] = base[k] / now[k];
        }
        java.util.Arrays.sort(r);
        return String.format(Locale.ROOT, "%.2fx [%.2f-%.2f]", r[r.length / 2], r[r.length / 4], r[r.length * 3 / 4]);
    }

    public static void main(String[] args) throws InvalidJsonException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        long millis = args.length > 1 ? Long.parseLong(args[1]) : 20;
        List<byte[]> bench = List.of(BENCH_MESSAGE.getBytes(StandardCharsets.UTF_8));
        List<byte[]> corpus = labCorpus();
        for (byte[] d : corpus) { // both must accept every input: a benchmark of errors would measure nothing
            if (EXACT.check(d, 0, d.length) != CHECKER.validate(d, 0, d.length)) {
                throw new AssertionError("disagreement on " + new String(d, StandardCharsets.UTF_8));
            }
        }
        long corpusBytes = corpus.stream().mapToLong(d -> d.length).sum();
        String[] names = {"base bench", "new  bench", "base corpus", "new  corpus"};
        List<List<byte[]>> inputs = List.of(bench, bench, corpus, corpus);
        // Many short rounds, interleaved: on a shared machine some rounds run undisturbed, and the best of
        // them is the cost; the median says how typical that was. The first fifth warms up.
        String only = args.length > 2 ? args[2] : "";
        double[][] ns = new double[4][rounds];
        int warm = rounds / 5;
        for (int r = 0; r < rounds + warm; r++) {
            for (int k = 0; k < 4; k++) {
                if (names[k].startsWith(only)) {
                    double t = round(k % 2, inputs.get(k), millis);
                    if (r >= warm) {
                        ns[k][r - warm] = t;
                    }
                }
            }
        }
        double[] best = new double[4];
        double[] median = new double[4];
        for (int k = 0; k < 4; k++) {
            double[] sorted = ns[k].clone();
            java.util.Arrays.sort(sorted);
            best[k] = sorted[0];
            median[k] = sorted[rounds / 2];
        }
        double[] bytesPer = {bench.get(0).length, bench.get(0).length, (double) corpusBytes / corpus.size(),
            (double) corpusBytes / corpus.size()};
        for (int k = 0; k < 4; k++) {
            if (!names[k].startsWith(only)) {
                continue;
            }
            System.out.printf(Locale.ROOT,
                    "%-12s best %6.1f  median %6.1f ns/message  best %5.2f bytes/ns  (%.0f bytes/message)%n",
                    names[k], best[k], median[k], bytesPer[k] / best[k], bytesPer[k]);
        }
        if (only.isEmpty()) {
            // Each round's base and new ran back to back, under about the same load: the ratio per round is
            // steadier than either time.
            System.out.printf(Locale.ROOT, "speed-up, best/best: bench %.2fx, corpus %.2fx%n", best[0] / best[1],
                    best[2] / best[3]);
            System.out.printf(Locale.ROOT, "speed-up, base/new per round, median [quartiles]: bench %s, corpus %s%n",
                    ratios(ns[0], ns[1]), ratios(ns[2], ns[3]));
        }
    }
}
