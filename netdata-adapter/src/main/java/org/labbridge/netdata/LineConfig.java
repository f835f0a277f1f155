package org.labbridge.netdata;

import org.labbridge.codec.plugind.Algorithm;

/**
 * One python.d-style line of an explicit chart: {@code [codename, name, algorithm, multiplier, divisor]}.
 * The plugin sends {@code round(value × divisor)}; Netdata charts {@code sent × multiplier / divisor}, so
 * the chart shows {@code value × multiplier} with {@code log10(divisor)} decimals.
 *
 * @param codename   the codename whose value this line shows
 * @param name       the dimension name (default: the codename)
 * @param algorithm  Netdata algorithm (default absolute)
 * @param multiplier Netdata multiplier (default 1)
 * @param divisor    precision and Netdata divisor (default: the job's divisor)
 */
public record LineConfig(String codename, String name, Algorithm algorithm, long multiplier, long divisor) {
}
