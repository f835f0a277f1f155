package org.labbridge.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Hostile payloads for the fuzz suite (issue 10), a pure function of a {@link Random}: datagrams for the
 * PyExpLabSys UDP sockets and frames for the TCP bridge. The mix covers what an attacker on the same
 * network would send: random bytes, truncated and maximal (65,507 B) commands, invalid UTF-8, JSON nested
 * 900-2,000 levels, huge and many codenames, {@code #} tricks, {@code raw_wn} garbage, NaN/Infinity and
 * empty datagrams. No payload uses a codename starting with {@code probe}, which the probes own.
 */
final class HostileInput {
    /** The largest UDP payload over IPv4. */
    static final int UDP_MAX = 65_507;

    private static final String[] COMMANDS = {"json_wn", "raw_wn", "codenames_json", "codenames_raw", "name",
        "status", "json_wn#", "raw_wn#", "#", "##", "#json", "#raw", "x#", "x#json#", "json_wn##{}", "##json_wn",
        "t#json", "t#raw", "\u0000#json", "json_wn#{}#", "raw_wn#a:float:1#2", "codenames_json#x", "JSON_WN",
        " json_wn", "json_wn ", "json_wn\n", "t#json\u0000", "status#", "name#json"};
    private static final String[] RAW_TYPES = {"float", "int", "str", "bool", "", "float:", "x", "int:int"};
    private static final String[] SPECIALS = {"NaN", "Infinity", "-Infinity", "nan", "inf", "1e999", "-1e999",
        "1e-999", "0x10", "+1", ".5", "01", "-0", "1.7976931348623157e309", "99999999999999999999999999999"};

    private HostileInput() {
    }

    /** One hostile datagram (at most {@link #UDP_MAX} bytes). */
    static byte[] datagram(Random r) {
        int kind = r.nextInt(100);
        if (kind < 14) {
            return randomBytes(r, r.nextInt(100) < 3 ? r.nextInt(UDP_MAX + 1) : r.nextInt(1500));
        } else if (kind < 24) {
            return truncated(r, validCommand(r));
        } else if (kind < 26) {
            return maximal(r);
        } else if (kind < 34) {
            return invalidUtf8(r);
        } else if (kind < 39) {
            return utf8("json_wn#" + deepJson(r, 900 + r.nextInt(1101)));
        } else if (kind < 43) {
            return utf8("json_wn#{\"" + "x".repeat(200 + r.nextInt(r.nextInt(100) < 10 ? UDP_MAX - 300 : 4000))
                    + "\": 1}");
        } else if (kind < 52) {
            return utf8(manyCodenames(r, 1 + r.nextInt(r.nextInt(10) == 0 ? 3000 : 60)));
        } else if (kind < 62) {
            return utf8(hashTrick(r));
        } else if (kind < 72) {
            return utf8(rawGarbage(r));
        } else if (kind < 80) {
            return utf8("json_wn#{\"" + codename(r) + "\": " + SPECIALS[r.nextInt(SPECIALS.length)] + "}");
        } else if (kind < 84) {
            return new byte[0];
        } else {
            return utf8(COMMANDS[r.nextInt(COMMANDS.length)]);
        }
    }

    /** One hostile bridge frame, delimiter (0x17) included where the kind has one. */
    static byte[] frame(Random r) {
        int kind = r.nextInt(100);
        if (kind < 15) {
            return withDelimiter(randomBytes(r, r.nextInt(2000)));
        } else if (kind < 30) {
            return withDelimiter(invalidUtf8(r));
        } else if (kind < 45) {
            return withDelimiter(truncated(r, utf8(manyCodenames(r, 1 + r.nextInt(20)).substring(8))));
        } else if (kind < 58) {
            return withDelimiter(utf8(deepJson(r, 900 + r.nextInt(1101))));
        } else if (kind < 66) {
            return withDelimiter(utf8(manyCodenames(r, 1 + r.nextInt(3000)).substring(8)));
        } else if (kind < 72) {
            return withDelimiter(utf8("{\"" + "y".repeat(1000 + r.nextInt(70_000)) + "\": 1}"));
        } else if (kind < 80) {
            return withDelimiter(utf8("{\"" + codename(r) + "\": " + SPECIALS[r.nextInt(SPECIALS.length)] + "}"));
        } else if (kind < 88) {
            String[] notObjects = {"", "[]", "1", "\"s\"", "null", "true", "[1, 2", "{}", "{\"a\": {\"b\": 1}}",
                "{\"a\": [1, [2, [3]]]}", "{\"\": 1}", "{\"a\": 1, \"a\": 2}", " ", "\u0017"};
            return withDelimiter(utf8(notObjects[r.nextInt(notObjects.length)]));
        } else {
            return withDelimiter(utf8(rawGarbage(r)));
        }
    }

    /** A frame longer than a 1 MiB {@code buffer_size}, with or without a delimiter at the end. */
    static byte[] oversizeFrame(Random r) {
        byte[] big = utf8("{\"z\": \"" + "z".repeat((1 << 20) + r.nextInt(1 << 18)) + "\"}");
        return r.nextBoolean() ? withDelimiter(big) : big;
    }

    private static byte[] withDelimiter(byte[] body) {
        byte[] out = new byte[body.length + 1];
        System.arraycopy(body, 0, out, 0, body.length);
        out[body.length] = 0x17;
        return out;
    }

    private static byte[] utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return b.length <= UDP_MAX ? b : java.util.Arrays.copyOf(b, UDP_MAX);
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] truncated(Random r, byte[] whole) {
        return java.util.Arrays.copyOf(whole, whole.length == 0 ? 0 : r.nextInt(whole.length));
    }

    /** A well-formed command of exactly the UDP maximum: a push of one long string value. */
    private static byte[] maximal(Random r) {
        String head = "json_wn#{\"" + codename(r) + "\": \"";
        int fill = UDP_MAX - head.length() - 2;
        return utf8(head + "v".repeat(fill) + "\"}");
    }

    private static byte[] validCommand(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> utf8(manyCodenames(r, 1 + r.nextInt(30)));
            case 1 -> utf8(rawGarbage(r));
            default -> utf8("json_wn#{\"" + codename(r) + "\": [" + r.nextDouble() + ", " + r.nextInt() + "]}");
        };
    }

    private static byte[] invalidUtf8(Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(r.nextBoolean() ? "json_wn#{\"" : "raw_wn#"));
        byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF0, (byte) 0x90, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0x80}};
        for (int i = 0, n = 1 + r.nextInt(20); i < n; i++) {
            out.writeBytes(r.nextBoolean() ? bad[r.nextInt(bad.length)] : utf8(codename(r)));
        }
        out.writeBytes(utf8(r.nextBoolean() ? "\": 1}" : ":float:1"));
        return out.toByteArray();
    }

    private static String deepJson(Random r, int depth) {
        StringBuilder sb = new StringBuilder(depth * 6 + 10);
        boolean objects = r.nextBoolean();
        for (int i = 0; i < depth; i++) {
            sb.append(objects ? "{\"a\":" : "[");
        }
        sb.append('1');
        int close = r.nextInt(4) == 0 ? r.nextInt(depth) : depth; // sometimes unbalanced
        for (int i = 0; i < close; i++) {
            sb.append(objects ? '}' : ']');
        }
        return objects ? "{\"d\":" + sb + "}" : "{\"d\":" + sb + "}";
    }

    private static String manyCodenames(Random r, int n) {
        StringBuilder sb = new StringBuilder("json_wn#{");
        for (int i = 0; i < n && sb.length() < UDP_MAX - 64; i++) {
            sb.append(i == 0 ? "" : ", ").append('"').append(codename(r)).append("\": ").append(r.nextInt(1000));
        }
        return sb.append('}').toString();
    }

    private static String hashTrick(Random r) {
        String c = codename(r);
        String[] tricks = {c + "#json", c + "#raw", c + "##json", "#" + c, c + "#", c + "#json#raw",
            "json_wn#" + c, "raw_wn#" + c + "#" + c, "json_wn#{\"" + c + "#json\": 1}", "raw_wn#" + c + "#x:float:1",
            "json_wn#{\"a\": 1}#{\"b\": 2}", "#".repeat(1 + r.nextInt(5000)), c + "#" + "#".repeat(r.nextInt(100)),
            "codenames_json#" + c, "raw_wn#" + c + ":float:1;" + c + "#:int:2"};
        return tricks[r.nextInt(tricks.length)];
    }

    private static String rawGarbage(Random r) {
        StringBuilder sb = new StringBuilder("raw_wn#");
        for (int i = 0, n = 1 + r.nextInt(12); i < n; i++) {
            if (i > 0) {
                sb.append(r.nextInt(8) == 0 ? ";;" : ";");
            }
            switch (r.nextInt(5)) {
                case 0 -> sb.append(codename(r)).append(':').append(RAW_TYPES[r.nextInt(RAW_TYPES.length)]).append(':')
                        .append(SPECIALS[r.nextInt(SPECIALS.length)]);
                case 1 -> sb.append(":::");
                case 2 -> sb.append(codename(r)).append(":float:").append(r.nextGaussian());
                case 3 -> sb.append(codename(r)).append(":str:").append("s".repeat(r.nextInt(300)));
                default -> sb.append(codename(r));
            }
        }
        return sb.toString();
    }

    /** A short random codename (never {@code probe...}: those belong to the probes). */
    private static String codename(Random r) {
        String alphabet = "abcdefghijklmnoqrstuvwxyz_0123456789-.é ";
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = 1 + r.nextInt(12); i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
