package org.labbridge.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every {@code ```python} snippet of the README against a real daemon running the embedded default
 * graph (on free ports: the snippets' 8500, 9000 and 45454 are replaced by them), and checks that each
 * line a snippet prints is what its {@code # comment} says (timestamps aside). A snippet that imports
 * PyExpLabSys runs only where PyExpLabSys is installed (it is not packaged for Debian, and CI cannot reach
 * PyPI): elsewhere it is skipped with a console message.
 */
class ReadmePythonIT {

    private static final Path README = Path.of(System.getProperty("user.dir")).getParent().resolve("README.md");
    private static final Pattern SNIPPET = Pattern.compile("```python\\n(.*?)```", Pattern.DOTALL);
    /** {@code print(...)   # expected}: the comment's first word(s) before " (" are the expected output. */
    private static final Pattern PRINTED = Pattern.compile("^print\\(.*\\)\\s+# (.+?)(?: \\(.*\\))?$");

    @TempDir
    static Path dir;
    private static DaemonProcess daemon;
    private static int pull;
    private static int push;
    private static int bridge;

    @BeforeAll
    static void startTheEmbeddedDefaultOnFreePorts() throws Exception {
        PythonPullSocket.requirePython();
        pull = FreePorts.next();
        push = FreePorts.next();
        bridge = FreePorts.next();
        Path config = dir.resolve("labbridge.yaml");
        // the embedded default graph (README "Running labbridge"), on free ports
        Files.writeString(config, DaemonProcess.embeddedDefaultConfig(pull, push, bridge));
        daemon = DaemonProcess.run(config, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    @TestFactory
    List<DynamicTest> everyPythonSnippetOfTheReadmeRuns() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        Matcher m = SNIPPET.matcher(readme);
        List<DynamicTest> tests = new ArrayList<>();
        while (m.find()) {
            String code = m.group(1);
            int line = readme.substring(0, m.start()).split("\n", -1).length;
            tests.add(DynamicTest.dynamicTest("README.md:" + line, () -> run(code, line)));
        }
        assertTrue(tests.size() >= 3, "the README has lost its Python snippets: " + tests.size());
        return tests;
    }

    private void run(String code, int line) throws Exception {
        if (code.contains("import PyExpLabSys") || code.contains("from PyExpLabSys")) {
            Process probe = new ProcessBuilder("python3", "-c", "import PyExpLabSys.common.socket_clients").start();
            if (!probe.waitFor(30, TimeUnit.SECONDS) || probe.exitValue() != 0) {
                String why = "PyExpLabSys is not installed: README.md:" + line + " DID NOT RUN";
                System.err.println("SKIPPED: " + why);
                Assumptions.abort(why);
            }
        }
        String local = code.replaceAll("\\b9000\\b", Integer.toString(pull))
                .replaceAll("\\b8500\\b", Integer.toString(push))
                .replaceAll("\\b45454\\b", Integer.toString(bridge));
        Path script = dir.resolve("snippet_" + line + ".py");
        Files.writeString(script, local);
        Process python = new ProcessBuilder("python3", script.toString()).redirectErrorStream(true).start();
        assertTrue(python.waitFor(60, TimeUnit.SECONDS), "README.md:" + line + " did not finish");
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, python.exitValue(), "README.md:" + line + " failed:\n" + output);

        List<String> expected = new ArrayList<>();
        for (String codeLine : code.split("\n")) {
            Matcher printed = PRINTED.matcher(codeLine.trim());
            if (printed.matches()) {
                expected.add(printed.group(1).trim());
            }
        }
        List<String> actual = output.lines().toList();
        assertEquals(expected.size(), actual.size(), "README.md:" + line + " printed:\n" + output);
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(matches(expected.get(i), actual.get(i)),
                    "README.md:" + line + ": the comment says " + expected.get(i) + ", the snippet printed " + actual.get(i));
        }
    }

    /** Equal, except that a unix time in the comment (10 digits, a fraction) stands for any unix time. */
    private static boolean matches(String expected, String actual) {
        String regex = Pattern.quote(expected).replaceAll("\\d{10}\\.\\d+", "\\\\E\\\\d+\\\\.\\\\d+\\\\Q");
        return actual.matches(regex);
    }
}
