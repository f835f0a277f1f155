package org.labbridge.netdata;

import java.util.List;

/** Decides the charts of a job: automatic (one per codename), metrics (one per meter) or explicit. */
interface ChartLayout {

    /** Placements that exist before any data (explicit charts publish gaps from the start). */
    List<Placement> initial();

    /** Placements for a codename seen for the first time with a numeric value; empty = not charted. */
    List<Placement> place(String codename);
}
