package org.labbridge.netdata;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.labbridge.codec.plugind.ChartDefinition;
import org.labbridge.codec.plugind.DimensionDefinition;
import org.labbridge.codec.plugind.PluginsdText;
import org.labbridge.codec.plugind.PluginsdWriter;
import org.labbridge.codec.plugind.ScaledValue;
import org.labbridge.codec.python.PyTuple;
import org.labbridge.codec.python.ValueShape;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The charts of one job and what was already told to Netdata about them. Turns a snapshot of readings
 * into plugins.d lines: {@code CHART} + all {@code DIMENSION}s for charts that are new or gained a
 * dimension (Netdata needs the chart re-sent before a later dimension), then one {@code BEGIN…END} per
 * chart. Ids are made unique after sanitising ({@code a b} and {@code a_b} become {@code a_b} and
 * {@code a_b_2}). Only used by the collection thread.
 */
final class JobCharts {
    private static final Logger LOG = LoggerFactory.getLogger(JobCharts.class);
    /** Bound on dimensions per job, so that a source with endless new codenames cannot exhaust memory. */
    static final int MAX_DIMENSIONS = 10_000;

    private final String job;
    private final ChartLayout layout;
    private final Set<String> chartIds;
    private final Map<String, ChartState> charts = new LinkedHashMap<>();
    /** {@link #charts}' values in the same order: walked twice a tick without an iterator object each time. */
    private final List<ChartState> chartList = new ArrayList<>();
    /**
     * {@link #chartList} as an array, rebuilt (with every chart's {@link ChartState#dimArray}) on the first tick
     * after a chart or dimension was bound: C1 does not intrinsify {@code ArrayList.get}'s index check, a
     * call per element (a fifth of the collection thread's samples at 10,000 dimensions).
     */
    private ChartState[] chartArray = new ChartState[0];
    private boolean bound;
    private final Set<String> seen = new HashSet<>();
    /** The dimensions of each codename (all of them in {@link #seen}). */
    private final Map<String, DimState[]> byCodename = new HashMap<>();
    private int dimensions;
    private boolean warnedFull;

    /**
     * @param chartIds the {@code type.id}s in use by the whole plugin (shared, to keep them unique)
     */
    JobCharts(String job, ChartLayout layout, Set<String> chartIds) {
        this.job = job;
        this.layout = layout;
        this.chartIds = chartIds;
        for (Placement p : layout.initial()) {
            bind(p);
        }
    }

    /** How many codenames are charted. */
    int dimensions() {
        return dimensions;
    }

    /**
     * Appends this tick's lines to {@code w}.
     *
     * @param values     the readings, or null when the source is unreachable (every dimension gets a gap)
     * @param nowMicros  a monotonic clock in microseconds (for {@code BEGIN}'s interval)
     */
    void render(PluginsdWriter w, Map<String, Object> values, long nowMicros) {
        if (values != null) {
            // One pass over the readings (forEach: no iterator, no second lookup per dimension) hands each
            // reading to its dimensions and binds new codenames; every d.y is null here (reset after the last
            // tick), so a dimension without a reading keeps null, as values.get would give it.
            values.forEach(this::take);
        }
        if (bound) {
            chartArray = chartList.toArray(chartArray);
            for (ChartState c : chartArray) {
                c.dimArray = c.dimList.toArray(c.dimArray);
                for (DimState d : c.dimArray) {
                    // a dimension bound during the pass may have missed its reading
                    d.y = values == null ? null : y(values.get(d.codename));
                }
            }
            bound = false;
        }
        ChartState[] charts = chartArray;
        // loops over arrays: C1 (the plugin's only compiler) allocates every iterator
        for (ChartState c : charts) {
            if (values != null && c.autoScaled) {
                rescale(c);
            }
            if (!c.declared) {
                w.chart(c.declaredDef());
                for (DimState d : c.dimList) {
                    w.dimension(d.def);
                }
                c.declared = true;
            }
        }
        for (ChartState c : charts) {
            w.begin(c.begin, c.lastMicros == 0 ? 0 : Math.max(1, nowMicros - c.lastMicros));
            for (DimState d : c.dimArray) {
                Object y = d.y;
                d.y = null; // not kept until the next tick (a young GC would copy it)
                int exponent = d.auto ? c.exponent : 0;
                OptionalLong v = DecadeScale.sent(y, exponent, d.def.divisor());
                if (v.isPresent()) {
                    w.set(d.set, v.getAsLong());
                    if (!d.warnedLoss && !DecadeScale.faithful(y, v.getAsLong(), exponent, d.def.multiplier(),
                            d.def.divisor())) {
                        d.warnedLoss = true;
                        LOG.warn("job {}: {} = {} is charted as {} {} (once per codename): {}", job, d.codename, y,
                                BigDecimal.valueOf(v.getAsLong()).multiply(BigDecimal.valueOf(d.def.multiplier()))
                                        .divide(BigDecimal.valueOf(d.def.divisor()), java.math.MathContext.DECIMAL64).stripTrailingZeros().toPlainString(),
                                c.declaredDef().units(), d.auto
                                        ? "its chart's scale is set by a larger dimension"
                                        : "its divisor " + d.def.divisor() + " is too small; remove divisor and "
                                        + "multiplier to let the plugin scale it");
                    }
                } else {
                    w.setEmpty(d.set);
                }
            }
            w.end();
            c.lastMicros = nowMicros;
        }
    }

    /** One reading of this tick: to its dimensions, or a new codename to bind when it is numeric. */
    private void take(String cn, Object reading) {
        DimState[] dims = byCodename.get(cn);
        if (dims != null) {
            Object y = y(reading);
            for (DimState d : dims) {
                d.y = y;
            }
        } else if (!seen.contains(cn) && ScaledValue.isNumeric(y(reading))) {
            if (seen.size() >= MAX_DIMENSIONS) {
                if (!warnedFull) {
                    LOG.warn("job {}: more than {} codenames, ignoring new ones", job, MAX_DIMENSIONS);
                    warnedFull = true;
                }
                return;
            }
            seen.add(cn);
            layout.place(cn).forEach(this::bind);
        }
    }

    /**
     * Moves the chart's decade scale when its largest automatically scaled value left [1, 1e6) of the current
     * one (or on its first non-zero value); a moved scale re-declares the chart with the new units.
     */
    private void rescale(ChartState c) {
        double largest = 0;
        for (DimState d : c.dimArray) {
            double m = d.auto ? DecadeScale.magnitude(d.y) : Double.NaN;
            if (m > largest && !Double.isInfinite(m)) {
                largest = m;
            }
        }
        if (largest == 0 || (c.scaleChosen && DecadeScale.keeps(c.exponent, largest))) {
            return;
        }
        int exponent = DecadeScale.exponentFor(largest);
        c.scaleChosen = true;
        if (exponent != c.exponent) {
            LOG.debug("job {}: chart {} now in {}", job, c.def.fullId(), DecadeScale.units(c.def.units(), exponent));
            c.exponent = exponent;
            c.declared = false;
        }
    }

    /** The charted value of a reading: y of a point {@code [x, y, ...]}, else the reading itself. */
    static Object y(Object reading) {
        return switch (ValueShape.of(reading)) { // not instanceof List per reading: see ValueShape
            case LIST -> {
                List<?> l = (List<?>) reading;
                yield l.size() >= 2 ? l.get(1) : null;
            }
            case TUPLE -> {
                PyTuple t = (PyTuple) reading;
                yield t.items().size() >= 2 ? t.items().get(1) : null;
            }
            default -> reading;
        };
    }

    private void bind(Placement p) {
        seen.add(p.codename());
        ChartState c = charts.get(p.chartKey());
        if (c == null) {
            ChartDefinition proto = p.chart();
            String id = unique(proto.id(), s -> chartIds.contains(proto.type() + "." + s));
            chartIds.add(proto.type() + "." + id);
            ChartDefinition def = new ChartDefinition(proto.type(), id, proto.name(), proto.title(), proto.units(),
                    proto.family(), proto.context(), proto.chartType(), proto.priority(), proto.updateEvery(),
                    proto.options(), proto.plugin(), proto.module());
            c = new ChartState(def);
            charts.put(p.chartKey(), c);
            chartList.add(c);
        }
        if (c.dims.containsKey(p.dimensionKey())) {
            return;
        }
        ChartState chart = c;
        String dimId = unique(p.dimensionId(), chart.dimIds::contains);
        chart.dimIds.add(dimId);
        boolean auto = p.divisor() == JobConfig.AUTO_SCALE;
        chart.autoScaled |= auto;
        DimState dim = new DimState(p.codename(), new DimensionDefinition(dimId, p.dimensionName(), p.algorithm(),
                auto ? 1 : p.multiplier(), auto ? DecadeScale.DIVISOR : p.divisor(), ""), auto);
        chart.dims.put(p.dimensionKey(), dim);
        chart.dimList.add(dim);
        DimState[] same = byCodename.getOrDefault(p.codename(), new DimState[0]);
        DimState[] more = java.util.Arrays.copyOf(same, same.length + 1);
        more[same.length] = dim;
        byCodename.put(p.codename(), more);
        chart.declared = false; // a new dimension needs CHART + DIMENSIONs again
        bound = true;
        dimensions++;
    }

    private static String unique(String base, java.util.function.Predicate<String> taken) {
        if (!taken.test(base)) {
            return base;
        }
        for (int i = 2; ; i++) {
            String suffix = "_" + i;
            String stem = base.length() + suffix.length() > PluginsdText.MAX_ID_CHARS
                    ? base.substring(0, PluginsdText.MAX_ID_CHARS - suffix.length()) : base;
            if (!taken.test(stem + suffix)) {
                return stem + suffix;
            }
        }
    }

    private static final class ChartState {
        final ChartDefinition def;
        /** {@code BEGIN type.id}, rendered once. */
        final PluginsdWriter.LineStart begin;
        final Map<String, DimState> dims = new LinkedHashMap<>();
        /** {@link #dims}' values in the same order (see {@link JobCharts#chartList}). */
        final List<DimState> dimList = new ArrayList<>(1);
        /** {@link #dimList} as an array (see {@link JobCharts#chartArray}). */
        DimState[] dimArray = new DimState[0];
        final Set<String> dimIds = new HashSet<>();
        boolean declared;
        long lastMicros;
        /** Whether a dimension scales automatically: then the chart has a decade scale. */
        boolean autoScaled;
        boolean scaleChosen;
        /** The decade scale: the chart shows value / 10^exponent. */
        int exponent;

        ChartState(ChartDefinition def) {
            this.def = def;
            this.begin = PluginsdWriter.beginStart(def);
        }

        /** The definition as declared: the base units with the current scale. */
        ChartDefinition declaredDef() {
            return exponent == 0 ? def : new ChartDefinition(def.type(), def.id(), def.name(), def.title(),
                    DecadeScale.units(def.units(), exponent), def.family(), def.context(), def.chartType(),
                    def.priority(), def.updateEvery(), def.options(), def.plugin(), def.module());
        }
    }

    private static final class DimState {
        final String codename;
        final DimensionDefinition def;
        /** {@code SET id = }, rendered once. */
        final PluginsdWriter.LineStart set;
        /** Sent at the chart's decade scale (else at its configured divisor). */
        final boolean auto;
        boolean warnedLoss;
        /** This tick's reading (collection thread only; null outside {@link JobCharts#render}). */
        Object y;

        DimState(String codename, DimensionDefinition def, boolean auto) {
            this.codename = codename;
            this.def = def;
            this.set = PluginsdWriter.setStart(def);
            this.auto = auto;
        }
    }
}
