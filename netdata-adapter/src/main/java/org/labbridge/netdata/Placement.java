package org.labbridge.netdata;

import org.labbridge.codec.plugind.Algorithm;
import org.labbridge.codec.plugind.ChartDefinition;

/**
 * Where one codename is charted: which chart (identified by {@code chartKey}; {@code chart} is its
 * definition, whose id may still be made unique) and which dimension of it.
 *
 * @param chartKey      the layout's identity of the chart (codename, meter name, configured chart id)
 * @param chart         the proposed chart definition
 * @param codename      the codename whose value this dimension shows
 * @param dimensionKey  the layout's identity of the dimension within the chart
 * @param dimensionId   the proposed dimension id (an id; made unique within the chart)
 * @param dimensionName the dimension name shown
 * @param algorithm     Netdata algorithm
 * @param multiplier    Netdata multiplier
 * @param divisor       precision: the plugin sends round(value × divisor) and declares this divisor
 */
record Placement(String chartKey, ChartDefinition chart, String codename, String dimensionKey, String dimensionId,
                 String dimensionName, Algorithm algorithm, long multiplier, long divisor) {
}
