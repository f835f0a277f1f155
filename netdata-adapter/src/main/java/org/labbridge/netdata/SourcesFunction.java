package org.labbridge.netdata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The body of the {@code labbridge-sources} Netdata function: a table (Netdata's function table format,
 * {@code "type": "table"} with {@code columns} and {@code data}) of every job with its source, state, last
 * success, last error and number of codenames; and the JSON error bodies for other answers. JSON is
 * pretty-printed (one value per line, so lines stay short) and ASCII-only.
 */
final class SourcesFunction {
    /** The function's name as registered with Netdata. */
    static final String NAME = "labbridge-sources";
    static final String HELP = "labbridge sources: state, last success, last error and codenames of every job";
    private static final String[] COLUMNS = {"Job", "Kind", "Source", "Name", "State", "Last success",
        "Last error at", "Last error", "Codenames", "Names"};
    private static final JsonFactory JSON = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private SourcesFunction() {
    }

    /** The table for {@code jobs}. */
    static String table(List<JobStatus> jobs, int updateEvery) {
        return json(g -> {
            g.writeStartObject();
            g.writeNumberField("status", 200);
            g.writeStringField("type", "table");
            g.writeBooleanField("has_history", false);
            g.writeStringField("help", HELP);
            g.writeNumberField("update_every", updateEvery);
            g.writeArrayFieldStart("data");
            for (JobStatus s : jobs) {
                g.writeStartArray();
                g.writeString(s.job());
                g.writeString(s.kind().key());
                g.writeString(s.address());
                g.writeString(s.sourceName());
                g.writeString(s.state());
                g.writeString(iso(s.lastSuccess()));
                g.writeString(iso(s.lastErrorAt()));
                g.writeString(s.lastError());
                g.writeNumber(s.codenames());
                g.writeString(s.names());
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("columns");
            for (int i = 0; i < COLUMNS.length; i++) {
                g.writeObjectFieldStart(COLUMNS[i]);
                g.writeNumberField("index", i);
                g.writeBooleanField("unique_key", i == 0);
                g.writeStringField("name", COLUMNS[i]);
                g.writeBooleanField("visible", true);
                g.writeStringField("type", i == 8 ? "integer" : "string");
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** Netdata's error body: {@code {"status": code, "error_message": "..."}}. */
    static String error(int code, String message) {
        return json(g -> {
            g.writeStartObject();
            g.writeNumberField("status", code);
            g.writeStringField("error_message", message);
            g.writeEndObject();
        });
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String json(Body body) {
        StringWriter sw = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(sw)) {
            g.useDefaultPrettyPrinter();
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return sw.toString();
    }
}
