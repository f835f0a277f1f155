package org.labbridge.codec.plugind;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginsdWriterTest {

    private static final ChartDefinition CHART = new ChartDefinition("labbridge_lab", "temperature", "",
            "Temperature", "°C", "lab", "labbridge.lab", ChartType.LINE, 90000, 1, "", "labbridge.plugin", "pull");

    private final PluginsdWriter w = new PluginsdWriter(NetdataVersion.BASELINE);

    @Test
    void goldenChartDimensionBlock() {
        w.chart(CHART)
                .dimension(new DimensionDefinition("temperature", "temperature", Algorithm.ABSOLUTE, 1, 1000, ""))
                .begin("labbridge_lab.temperature").set("temperature", 21500).end()
                .begin("labbridge_lab.temperature", 1_000_123).setEmpty("temperature").set("temperature", -7).end();
        assertEquals("""
                CHART labbridge_lab.temperature '' 'Temperature' '°C' 'lab' 'labbridge.lab' line 90000 1 '' 'labbridge.plugin' 'pull'
                DIMENSION temperature 'temperature' absolute 1 1000 ''
                BEGIN labbridge_lab.temperature
                SET temperature = 21500
                END
                BEGIN labbridge_lab.temperature 1000123
                SET temperature =\s
                SET temperature = -7
                END
                """, w.drain());
        assertTrue(w.isEmpty());
    }

    @Test
    void drainUtf8IsTheUtf8OfDrainWhetherOrNotTheBlockIsPlainAscii() {
        PluginsdWriter other = new PluginsdWriter(NetdataVersion.BASELINE);
        DimensionDefinition dim = new DimensionDefinition("temperature", "température", Algorithm.ABSOLUTE, 1, 1000, "");
        // a declaration with non-ASCII text (°, é, Ω: one byte each in Latin-1 or '?', two in UTF-8)
        ChartDefinition ohm = new ChartDefinition("t", "r", "", "Résistance Ω", "Ω", "", "", ChartType.LINE, 1, 1,
                "", "", "");
        for (PluginsdWriter x : List.of(w, other)) {
            x.chart(CHART).dimension(dim).chart(ohm).begin(CHART, 0).set(dim, 21500).end();
        }
        String text = other.drain();
        assertTrue(text.contains("°C") && text.contains("Ω"), text);
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), w.drainUtf8());
        // then a usual tick: BEGIN/SET/END only
        for (PluginsdWriter x : List.of(w, other)) {
            x.begin(CHART, 1_000_123).setEmpty(dim).set(dim, -7).end().begin("t.r").set("temperature", 1).end();
        }
        assertArrayEquals(other.drain().getBytes(StandardCharsets.UTF_8), w.drainUtf8());
        // and a function result with non-ASCII text in its body
        for (PluginsdWriter x : List.of(w, other)) {
            x.begin(CHART, 5).set(dim, 1).end().functionResult("tx", 200, "application/json", 0, "{\"µ\": \"Ω\"}");
        }
        assertArrayEquals(other.drain().getBytes(StandardCharsets.UTF_8), w.drainUtf8());
        assertEquals(0, w.drainUtf8().length);
        // declarations of ASCII text (a chart re-declared for its new scale), then blocks where one line of
        // several is not ASCII: a single char past ASCII anywhere in the block, a pair of surrogates included
        ChartDefinition plain = new ChartDefinition("t", "p", "", "Pressure", "x1e-3 mbar", "", "", ChartType.LINE, 1,
                1, "", "", "");
        DimensionDefinition p = new DimensionDefinition("p", "p", Algorithm.ABSOLUTE, 1, 1000, "");
        DimensionDefinition smile = new DimensionDefinition("s", "smile \ud83d\ude00", Algorithm.ABSOLUTE, 1, 1, "");
        for (DimensionDefinition last : List.of(p, dim, smile)) {
            for (PluginsdWriter x : List.of(w, other)) {
                x.chart(plain).dimension(p).dimension(last).begin(plain, 7).set(p, 1).end();
            }
            assertArrayEquals(other.drain().getBytes(StandardCharsets.UTF_8), w.drainUtf8(), last.name());
        }
    }

    @Test
    void declaredChartsAndDimensionsWriteWhatTheirIdsWould() {
        DimensionDefinition dim = new DimensionDefinition("temperature", "temperature", Algorithm.ABSOLUTE, 1, 1000, "");
        w.chart(CHART).dimension(dim)
                .begin("labbridge_lab.temperature").set("temperature", 21500).end()
                .begin("labbridge_lab.temperature", 1_000_123).setEmpty("temperature").set("temperature", -7).end();
        String byId = w.drain();
        w.chart(CHART).dimension(dim)
                .begin(CHART, 0).set(dim, 21500).end()
                .begin(CHART, 1_000_123).setEmpty(dim).set(dim, -7).end();
        assertEquals(byId, w.drain());
        PluginsdWriter.LineStart begin = PluginsdWriter.beginStart(CHART);
        PluginsdWriter.LineStart set = PluginsdWriter.setStart(dim);
        w.chart(CHART).dimension(dim)
                .begin(begin, 0).set(set, 21500).end()
                .begin(begin, 1_000_123).setEmpty(set).set(set, -7).end();
        assertEquals(byId, w.drain());
        assertThrows(IllegalStateException.class, () -> w.set(set, 1), "SET outside BEGIN");
        assertThrows(IllegalArgumentException.class, () -> w.begin(set, 1), "a SET start for BEGIN");
        assertThrows(IllegalStateException.class, () -> w.set(dim, 1), "SET outside BEGIN");
        w.begin(CHART, 5);
        assertThrows(IllegalStateException.class, () -> w.begin(CHART, 6), "BEGIN inside BEGIN");
    }

    @Test
    void hostileTextStaysOneWordPerField() {
        String hostile = "it's a \"b\\c\"\nd=e\tf\r'";
        w.chart(new ChartDefinition("t", "i", hostile, hostile, hostile, hostile, hostile, ChartType.AREA, 1, 1,
                "", "p", "m"));
        String line = w.drain().strip();
        List<String> words = PluginsdWords.split(line);
        assertEquals(13, words.size(), line);
        assertEquals("it’s a \"b/c\" d=e f ’", words.get(2));
        assertEquals(words.get(2), words.get(3));
    }

    @Test
    void clabelHasThreeFieldsAndOnlyAfterChart() {
        assertThrows(IllegalStateException.class, () -> w.clabel("a", "b", LabelSource.AUTO));
        w.chart(CHART).clabel("source", "", LabelSource.AUTO).clabel("x y", "1=2", LabelSource.CONFIG).clabelCommit();
        String[] lines = w.drain().split("\n");
        assertEquals(List.of("CLABEL", "source", "-", "1"), PluginsdWords.split(lines[1]));
        assertEquals(List.of("CLABEL", "x y", "1=2", "2"), PluginsdWords.split(lines[2]));
        assertEquals("CLABEL_COMMIT", lines[3]);
    }

    @Test
    void orderingRulesAreEnforced() {
        assertThrows(IllegalStateException.class, () -> w.set("a", 1));
        assertThrows(IllegalStateException.class, () -> w.end());
        assertThrows(IllegalStateException.class, () -> w.dimension(
                new DimensionDefinition("a", "", Algorithm.ABSOLUTE, 1, 1, "")));
        w.begin("a.b");
        assertThrows(IllegalStateException.class, () -> w.begin("a.c"));
        assertThrows(IllegalStateException.class, () -> w.chart(CHART));
        assertThrows(IllegalStateException.class, () -> w.functionResult("tx", 200, "application/json", 0, "{}"));
        w.end();
        // END clears the chart: a later DIMENSION needs the CHART again
        assertThrows(IllegalStateException.class, () -> w.dimension(
                new DimensionDefinition("a", "", Algorithm.ABSOLUTE, 1, 1, "")));
        assertThrows(IllegalArgumentException.class, () -> w.begin("nodot"));
        assertThrows(IllegalArgumentException.class, () -> w.begin("a.b c"));
    }

    @Test
    void unsafeIdsAreRejected() {
        w.begin("a.b");
        assertThrows(IllegalArgumentException.class, () -> w.set("x=y", 1));
        assertThrows(IllegalArgumentException.class, () -> w.set("x y", 1));
        assertThrows(IllegalArgumentException.class, () -> w.set("'x'", 1));
        assertThrows(IllegalArgumentException.class, () -> new ChartDefinition("a.b", "c", "", "", "", "", "",
                ChartType.LINE, 1, 1, "", "", ""));
    }

    @Test
    void functionRegistrationAndResult() {
        w.function("labbridge-sources", 10, "Sources and their state")
                .functionResult("0e1d-aa", 200, "application/json", 1700000000, "{\n  \"a\": 1\n}");
        assertEquals("""
                FUNCTION GLOBAL 'labbridge-sources' 10 'Sources and their state'
                FUNCTION_RESULT_BEGIN 0e1d-aa 200 application/json 1700000000
                {
                  "a": 1
                }
                FUNCTION_RESULT_END
                """, w.drain());
        assertThrows(IllegalArgumentException.class,
                () -> w.functionResult("tx", 200, "application/json", 0, "FUNCTION_RESULT_END"));
        assertThrows(IllegalArgumentException.class,
                () -> w.functionResult("tx", 200, "application/json", 0, "x".repeat(PluginsdText.MAX_LINE_BYTES)));
    }

    @Test
    void functionsAreNotOfferedToAgentsThatPredateThem() {
        PluginsdWriter old = new PluginsdWriter(new NetdataVersion(1, 36, 0));
        assertThrows(IllegalStateException.class, () -> old.function("f", 1, "h"));
    }

    @Test
    void variableAndDisable() {
        w.variable(true, "lab_sources", 3).disable();
        assertEquals("VARIABLE GLOBAL lab_sources = 3\nDISABLE\n", w.drain());
        assertThrows(IllegalStateException.class, () -> w.variable(false, "x", 1));
    }
}
