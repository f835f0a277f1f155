package org.labbridge.codec.plugind;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Builds plugins.d output lines in memory; the caller writes {@link #drain()} to stdout as one block and
 * flushes. Only keywords that 1.37.1 understands are ever printed (the newer ones are not offered).
 *
 * <p>The writer enforces the ordering rules that make Netdata disable a plugin: {@code DIMENSION} and
 * {@code CLABEL} only right after a {@code CHART} (a dimension added later needs its chart re-sent),
 * {@code SET} and {@code END} only inside {@code BEGIN…END}, no {@code BEGIN} inside a block. Breaking
 * one is a programming error ({@link IllegalStateException}). Whether a chart or dimension was declared
 * before is the caller's business (it knows what it sent).
 *
 * <p>Not thread-safe: one writer per thread, its output handed to one synchronised sink.
 */
public final class PluginsdWriter {

    private enum State { IDLE, AFTER_CHART, IN_BEGIN }

    private final NetdataVersion version;
    private final StringBuilder out = new StringBuilder(4096);
    private State state = State.IDLE;
    /**
     * Whether a line with a char past ASCII (or a function result's body) was buffered since the last drain:
     * {@code BEGIN/SET/END} are ASCII by construction (keywords, ids and numbers), other lines are checked.
     */
    private boolean anyText;

    /** A writer for the agent of {@code version}. */
    public PluginsdWriter(NetdataVersion version) {
        this.version = Objects.requireNonNull(version, "version");
    }

    /** The agent version this writer targets. */
    public NetdataVersion version() {
        return version;
    }

    /**
     * {@code CHART type.id 'name' 'title' 'units' 'family' 'context' charttype priority update_every
     * 'options' 'plugin' 'module'}.
     */
    public PluginsdWriter chart(ChartDefinition c) {
        requireNotIn(State.IN_BEGIN, Keyword.CHART);
        line(Keyword.CHART, c.fullId(), q(c.name()), q(c.title()), q(c.units()), q(c.family()), q(c.context()),
                c.chartType().word(), Integer.toString(c.priority()), Integer.toString(c.updateEvery()),
                q(c.options()), q(c.plugin()), q(c.module()));
        state = State.AFTER_CHART;
        return this;
    }

    /** {@code DIMENSION id 'name' algorithm multiplier divisor 'options'}, right after its chart. */
    public PluginsdWriter dimension(DimensionDefinition d) {
        requireState(State.AFTER_CHART, Keyword.DIMENSION);
        line(Keyword.DIMENSION, d.id(), q(d.name()), d.algorithm().word(), Long.toString(d.multiplier()),
                Long.toString(d.divisor()), q(d.options()));
        return this;
    }

    /** {@code CLABEL 'name' 'value' source}: always three fields, only after a chart (1.37.1 crashes otherwise). */
    public PluginsdWriter clabel(String name, String value, LabelSource source) {
        requireState(State.AFTER_CHART, Keyword.CLABEL);
        String n = PluginsdText.text(name);
        if (n.isEmpty()) {
            throw new IllegalArgumentException("a label needs a name");
        }
        String v = PluginsdText.text(value);
        // An empty value would vanish as a word and leave 2 fields: give it a visible placeholder.
        line(Keyword.CLABEL, "'" + n + "'", "'" + (v.isEmpty() ? "-" : v) + "'", Integer.toString(source.code()));
        return this;
    }

    /** {@code CLABEL_COMMIT}, after the labels of a chart. */
    public PluginsdWriter clabelCommit() {
        requireState(State.AFTER_CHART, Keyword.CLABEL_COMMIT);
        line(Keyword.CLABEL_COMMIT);
        return this;
    }

    /** {@code BEGIN type.id} without microseconds: the first collection of the chart. */
    public PluginsdWriter begin(String fullChartId) {
        return begin(fullChartId, 0);
    }

    /** {@code BEGIN type.id microseconds} (omitted when {@code micros <= 0}, i.e. the first time). */
    public PluginsdWriter begin(String fullChartId, long micros) {
        requireNotIn(State.IN_BEGIN, Keyword.BEGIN);
        requireFullId(fullChartId);
        out.append("BEGIN ").append(fullChartId);
        return openBlock(micros);
    }

    /**
     * {@code BEGIN type.id microseconds} of a declared chart (as {@link #begin(String, long)} with its
     * {@link ChartDefinition#fullId()}, which a {@code ChartDefinition} has already checked).
     */
    public PluginsdWriter begin(ChartDefinition chart, long micros) {
        requireNotIn(State.IN_BEGIN, Keyword.BEGIN);
        out.append("BEGIN ").append(chart.type()).append('.').append(chart.id());
        return openBlock(micros);
    }

    /**
     * The fixed start of a declared chart's {@code BEGIN} line or a declared dimension's {@code SET} line,
     * rendered once by {@link #beginStart}/{@link #setStart} and appended whole on every tick (a tick at 10,000
     * dimensions writes 10,000 of each: one append instead of four, or three instead of five, under C1).
     */
    public static final class LineStart {
        private final Keyword keyword;
        private final String text;

        private LineStart(Keyword keyword, String text) {
            this.keyword = keyword;
            this.text = text;
        }
    }

    /** {@code BEGIN type.id} of a declared chart, for {@link #begin(LineStart, long)}. */
    public static LineStart beginStart(ChartDefinition chart) {
        return new LineStart(Keyword.BEGIN, "BEGIN " + chart.type() + "." + chart.id());
    }

    /** {@code SET id = } of a declared dimension, for {@link #set(LineStart, long)} and {@link #setEmpty(LineStart)}. */
    public static LineStart setStart(DimensionDefinition dimension) {
        return new LineStart(Keyword.SET, "SET " + dimension.id() + " = ");
    }

    /** As {@link #begin(ChartDefinition, long)}, from the chart's {@link #beginStart}. */
    public PluginsdWriter begin(LineStart begin, long micros) {
        requireNotIn(State.IN_BEGIN, Keyword.BEGIN);
        requireStart(begin, Keyword.BEGIN);
        out.append(begin.text);
        return openBlock(micros);
    }

    /** As {@link #set(DimensionDefinition, long)}, from the dimension's {@link #setStart}. */
    public PluginsdWriter set(LineStart set, long value) {
        requireState(State.IN_BEGIN, Keyword.SET);
        requireStart(set, Keyword.SET);
        out.append(set.text).append(value).append('\n');
        return this;
    }

    /** As {@link #setEmpty(DimensionDefinition)}, from the dimension's {@link #setStart}. */
    public PluginsdWriter setEmpty(LineStart set) {
        requireState(State.IN_BEGIN, Keyword.SET);
        requireStart(set, Keyword.SET);
        out.append(set.text).append('\n');
        return this;
    }

    private static void requireStart(LineStart start, Keyword keyword) {
        if (start.keyword != keyword) {
            throw new IllegalArgumentException("a " + start.keyword + " line start where " + keyword + " belongs");
        }
    }

    /** Ends a BEGIN line whose chart is written. Ids are ASCII, at most 90 chars each: no length check needed. */
    private PluginsdWriter openBlock(long micros) {
        if (micros > 0) {
            out.append(' ').append(micros);
        }
        out.append('\n');
        state = State.IN_BEGIN;
        return this;
    }

    /** {@code SET id = value} of a declared dimension (its id was checked when the definition was made). */
    public PluginsdWriter set(DimensionDefinition dimension, long value) {
        requireState(State.IN_BEGIN, Keyword.SET);
        out.append("SET ").append(dimension.id()).append(" = ").append(value).append('\n');
        return this;
    }

    /** {@code SET id = } of a declared dimension: a gap. */
    public PluginsdWriter setEmpty(DimensionDefinition dimension) {
        requireState(State.IN_BEGIN, Keyword.SET);
        out.append("SET ").append(dimension.id()).append(" = \n");
        return this;
    }

    /** {@code SET id = value}. */
    public PluginsdWriter set(String dimensionId, long value) {
        requireState(State.IN_BEGIN, Keyword.SET);
        requireId(dimensionId);
        // an id is ASCII and at most 90 chars: the line is far below the limit, no check needed
        out.append("SET ").append(dimensionId).append(" = ").append(value).append('\n');
        return this;
    }

    /** {@code SET id = } : an empty value, a gap in the chart. */
    public PluginsdWriter setEmpty(String dimensionId) {
        requireState(State.IN_BEGIN, Keyword.SET);
        requireId(dimensionId);
        out.append(Keyword.SET.name()).append(' ').append(dimensionId).append(" = \n");
        return this;
    }

    /** {@code END}: closes the block. */
    public PluginsdWriter end() {
        requireState(State.IN_BEGIN, Keyword.END);
        out.append("END\n");
        state = State.IDLE;
        return this;
    }

    /** {@code VARIABLE [GLOBAL|LOCAL] name = value}; LOCAL needs a current chart. */
    public PluginsdWriter variable(boolean global, String name, long value) {
        requireNotIn(State.IN_BEGIN, Keyword.VARIABLE);
        if (!global && state != State.AFTER_CHART) {
            throw new IllegalStateException("a LOCAL VARIABLE needs a CHART first");
        }
        requireId(name);
        line(Keyword.VARIABLE, global ? "GLOBAL" : "LOCAL", name, "=", Long.toString(value));
        return this;
    }

    /** {@code DISABLE}: Netdata will not restart the plugin. Only for configurations that can never work. */
    public PluginsdWriter disable() {
        requireNotIn(State.IN_BEGIN, Keyword.DISABLE);
        line(Keyword.DISABLE);
        state = State.IDLE;
        return this;
    }

    /** {@code FUNCTION GLOBAL 'name' timeout 'help'}: registers a function with the agent. */
    public PluginsdWriter function(String name, int timeoutSeconds, String help) {
        requireNotIn(State.IN_BEGIN, Keyword.FUNCTION);
        requireSupported(Keyword.FUNCTION);
        line(Keyword.FUNCTION, "GLOBAL", q(name), Integer.toString(Math.max(1, timeoutSeconds)), q(help));
        return this;
    }

    /**
     * One complete function result: {@code FUNCTION_RESULT_BEGIN tx code content-type expires}, the body
     * lines, {@code FUNCTION_RESULT_END}. The body must not contain a line that starts with the end keyword
     * nor a line longer than the limit (JSON with one element per line never does).
     */
    public PluginsdWriter functionResult(String transaction, int httpCode, String contentType,
                                         long expiresUnixSeconds, String body) {
        requireNotIn(State.IN_BEGIN, Keyword.FUNCTION_RESULT_BEGIN);
        requireSupported(Keyword.FUNCTION_RESULT_BEGIN);
        requireId(transaction);
        if (contentType == null || !contentType.matches("[A-Za-z0-9/+.-]+")) {
            throw new IllegalArgumentException("bad content type: " + contentType);
        }
        if (httpCode < 100 || httpCode > 599) {
            throw new IllegalArgumentException("bad HTTP code: " + httpCode);
        }
        line(Keyword.FUNCTION_RESULT_BEGIN, transaction, Integer.toString(httpCode), contentType,
                Long.toString(expiresUnixSeconds));
        for (String l : body.split("\r?\n", -1)) {
            if (l.startsWith(Keyword.FUNCTION_RESULT_END.name())) {
                throw new IllegalArgumentException("a body line may not start with FUNCTION_RESULT_END");
            }
            if (PluginsdText.utf8Length(l) >= PluginsdText.MAX_LINE_BYTES) {
                throw new IllegalArgumentException("body line too long: " + l.length() + " chars");
            }
            anyText = true;
            out.append(l).append('\n');
        }
        line(Keyword.FUNCTION_RESULT_END);
        state = State.IDLE;
        return this;
    }

    /** Whether nothing is buffered. */
    public boolean isEmpty() {
        return out.length() == 0;
    }

    /** Whether a {@code BEGIN} is open (its {@code END} not yet written). */
    public boolean inBlock() {
        return state == State.IN_BEGIN;
    }

    /** Returns everything buffered so far and clears the buffer (the ordering state is kept). */
    public String drain() {
        String s = out.toString();
        out.setLength(0);
        anyText = false;
        if (out.capacity() > 1 << 20) {
            out.trimToSize(); // do not keep a huge buffer after one exceptional block
        }
        return s;
    }

    /**
     * {@link #drain()} in UTF-8: the same bytes as {@code drain().getBytes(UTF_8)}. A block of only {@code BEGIN},
     * {@code SET} and {@code END} lines (a usual tick) is ASCII, so its Latin-1 bytes are its UTF-8 bytes: a
     * plain copy, without the UTF-8 encoder's look at every byte (a tenth of the Netdata plugin's collection
     * thread at 10,000 dimensions, under C1).
     */
    public byte[] drainUtf8() {
        boolean ascii = !anyText;
        String s = drain();
        return s.getBytes(ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    private static String q(String text) {
        return PluginsdText.quoted(text);
    }

    private void line(Keyword keyword, String... words) {
        int start = out.length();
        out.append(keyword.name());
        for (String w : words) {
            out.append(' ').append(w);
        }
        int bytes = PluginsdText.utf8Length(out, start, out.length());
        if (bytes >= PluginsdText.MAX_LINE_BYTES) {
            out.setLength(start);
            throw new IllegalArgumentException(keyword + " line too long");
        }
        if (bytes != out.length() - start) {
            // a char past ASCII: the block needs the encoder. CHART lines of ASCII titles and units do not (the
            // plugin re-declares a chart whenever its decade scale moves: many a second at 10,000 dimensions)
            anyText = true;
        }
        out.append('\n');
    }

    private void requireSupported(Keyword k) {
        if (!version.supports(k)) {
            throw new IllegalStateException(k + " is not understood by Netdata " + version);
        }
    }

    private void requireState(State wanted, Keyword k) {
        if (state != wanted) {
            throw new IllegalStateException(k + " not allowed here (state " + state + ")");
        }
    }

    private void requireNotIn(State forbidden, Keyword k) {
        if (state == forbidden) {
            throw new IllegalStateException(k + " not allowed inside BEGIN…END");
        }
    }

    private static void requireId(String id) {
        if (!PluginsdText.isId(id)) {
            throw new IllegalArgumentException("not an id: '" + id + "'");
        }
    }

    private static void requireFullId(String fullId) {
        int dot = fullId == null ? -1 : fullId.indexOf('.');
        if (dot < 0 || !PluginsdText.isId(fullId, 0, dot) || !PluginsdText.isId(fullId, dot + 1, fullId.length())) {
            throw new IllegalArgumentException("not a type.id: '" + fullId + "'");
        }
    }
}
