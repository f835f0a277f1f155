package org.labbridge.netdata;

/**
 * Per-codename chart options of a job ({@code codenames: {p_main: {units: mbar, title: ..., family: ...}}}).
 * Without {@code divisor} and {@code multiplier} the chart picks its decimal scale itself ({@link DecadeScale});
 * with either, the codename is charted as {@code value × multiplier} with {@code log10(divisor)} decimals, as
 * configured.
 *
 * @param units      the chart's units (before any scale prefix), or null for the job's
 * @param title      the chart's title, or null for {@code <codename> (<job>)}
 * @param family     the chart's family (submenu), or null for the job name
 * @param multiplier Netdata multiplier, or 0 for none given
 * @param divisor    precision and Netdata divisor, or 0 for none given
 */
public record CodenameConfig(String units, String title, String family, long multiplier, long divisor) {
    /** No options: job defaults and automatic scale. */
    public static final CodenameConfig NONE = new CodenameConfig(null, null, null, 0, 0);

    /** Whether the scale is fixed by the configuration (a divisor or a multiplier was given). */
    public boolean fixedScale() {
        return multiplier != 0 || divisor != 0;
    }
}
