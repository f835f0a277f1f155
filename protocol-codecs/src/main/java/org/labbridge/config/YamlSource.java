package org.labbridge.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads configuration text and composes it into SnakeYAML {@link Node}s, which keep the line and column of
 * every value (plain maps would lose them), within bounds a hostile document cannot exceed.
 */
final class YamlSource {

    /** Bounds on the YAML document itself: a config file is small, a hostile one must not be. */
    static final int MAX_DOCUMENT_CODE_POINTS = 4 * 1024 * 1024;
    private static final long MAX_FILE_BYTES = 4L * MAX_DOCUMENT_CODE_POINTS;
    static final int MAX_NESTING = 50;
    private static final int MAX_ALIASES = 50;

    private YamlSource() {
    }

    /** The loader options of every configuration document. */
    static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_DOCUMENT_CODE_POINTS);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowDuplicateKeys(false);
        return options;
    }

    /** The text of {@code file}, or the reason it cannot be read ({@code No such file or directory}). */
    static String read(Path file) throws ConfigException {
        try {
            if (Files.isRegularFile(file) && Files.size(file) > MAX_FILE_BYTES) {
                throw fileProblem(file, "larger than " + (MAX_FILE_BYTES >> 20) + " MiB, not a configuration file");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw fileProblem(file, "cannot read: not UTF-8 text");
        } catch (IOException e) {
            throw fileProblem(file, "cannot read: " + reason(e));
        }
    }

    /** What the operating system said, the way {@code cat} says it. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static ConfigException fileProblem(Path file, String message) {
        return ConfigException.of(java.util.List.of(Problem.ofDocument(file.toString(), 0, 0, message)));
    }

    /** The document's root node, or null for an empty (or all-comments) document. */
    static Node compose(String yaml, String source) throws ConfigException {
        try {
            return new Yaml(new SafeConstructor(options())).compose(new StringReader(yaml));
        } catch (YAMLException e) {
            throw syntaxError(e, source);
        }
    }

    /** Plain maps, lists and scalars, for code that wants no positions. */
    static Object load(String yaml, String source) throws ConfigException {
        try {
            return new Yaml(new SafeConstructor(options())).load(yaml);
        } catch (YAMLException e) {
            throw syntaxError(e, source);
        }
    }

    static ConfigException syntaxError(YAMLException e, String source) {
        if (e instanceof MarkedYAMLException m) {
            Mark mark = m.getProblemMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            int column = mark == null ? 0 : mark.getColumn() + 1;
            return ConfigException.of(java.util.List.of(
                    Problem.ofDocument(source, line, column, "invalid YAML: " + m.getProblem())));
        }
        return ConfigException.of(java.util.List.of(Problem.ofDocument(source, 0, 0, "invalid YAML: " + e.getMessage())));
    }
}
